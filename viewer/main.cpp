#include "app/viewer_options.h"

int main(int argc, char** argv) { return landbank::viewer::runViewer(argc, argv); }
