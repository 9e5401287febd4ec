#include "ApiEndpoint.h"
