/*
 * Runs a command with the kernel's W^X enforcement (PR_SET_MDWE, Linux 6.3+), which is what
 * systemd's MemoryDenyWriteExecute=yes imposes; for MemoryDenyWriteExecuteIT. Exit 2 when the
 * kernel does not support it.
 *
 *   mdwe COMMAND [ARGS...]
 */
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s COMMAND [ARGS...]\n", argv[0]);
    return 2;
  }
  if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0) {
    perror("prctl(PR_SET_MDWE)");
    return 2;
  }
  execv(argv[1], argv + 1);
  perror(argv[1]);
  return 127;
}
