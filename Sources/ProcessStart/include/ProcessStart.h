#ifndef PROCESS_START_H
#define PROCESS_START_H

/// The program's arguments as the kernel passed them to `main`, captured before any Swift
/// code runs, so that they are known without `/proc` (where Swift's `CommandLine` reads them
/// on Linux). The count is 0 when they could not be captured.
int process_start_argument_count(void);

/// Argument `index` (0 is the program), or a null pointer.
const char *process_start_argument(int index);

#endif
