#include "ApiKey.h"
