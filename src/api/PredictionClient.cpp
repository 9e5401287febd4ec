#include "PredictionClient.h"
