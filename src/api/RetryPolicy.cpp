#include "RetryPolicy.h"
