#include "FileDownloader.h"
