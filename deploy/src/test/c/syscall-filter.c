/*
 * Runs a command under a seccomp filter shaped like systemd's SystemCallFilter= allow-list, for
 * SyscallFilterIT: the system calls named in ALLOW_FILE (one per line) are allowed, every other
 * one kills the process (SIGSYS), so any call the unit's filter would refuse is fatal and visible.
 *
 *   syscall-filter ALLOW_FILE COMMAND [ARGS...]
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s ALLOW_FILE COMMAND [ARGS...]\n", argv[0]);
    return 2;
  }
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
  if (ctx == NULL) {
    fprintf(stderr, "seccomp_init failed\n");
    return 2;
  }
  FILE *allow = fopen(argv[1], "r");
  if (allow == NULL) {
    perror(argv[1]);
    return 2;
  }
  char line[128];
  int allowed = 0;
  while (fgets(line, sizeof line, allow) != NULL) {
    line[strcspn(line, "\r\n")] = '\0';
    int nr = seccomp_syscall_resolve_name(line);
    if (nr == __NR_SCMP_ERROR) {
      continue; /* a name of another architecture or kernel */
    }
    if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0) == 0) {
      allowed++;
    }
  }
  fclose(allow);
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || seccomp_load(ctx) != 0) {
    fprintf(stderr, "cannot load the seccomp filter\n");
    return 2;
  }
  fprintf(stderr, "syscall-filter: %d system calls allowed\n", allowed);
  execv(argv[2], argv + 2);
  perror(argv[2]);
  return 127;
}
