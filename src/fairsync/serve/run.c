/* run.c: a fairsync command run in-process, exactly as the command line
 * runs it (same argument parsing, same checks, same files written), with
 * what it prints caught instead of reaching the server's terminal.
 *
 * The commands print with stdio on fds 1 and 2, so both are pointed at
 * private files for the length of the call. That is safe here: only the
 * worker runs commands, one at a time (jobs.c), and no other thread
 * prints while the server runs (the main thread's last words on a stop
 * go to the terminal's stderr kept aside, console.stderr_fd). */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cli.h"
#include "console.h"

static int tmp_fd(struct console *c)
{
	char path[4200];
	int fd;

	console_tmp_path(c, ".log", path, sizeof(path));
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		unlink(path);
	return fd;
}

/* Reads what the command wrote on stderr into msg, one line per message,
 * without the "fairsync: " each starts with. */
static void read_msg(int fd, char *msg, size_t cap)
{
	char buf[8192], *line, *save = NULL;
	ssize_t n;
	size_t used = 0;

	msg[0] = '\0';
	if (lseek(fd, 0, SEEK_SET) < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "fairsync: ", 10))
			line += 10;
		used += (size_t)snprintf(msg + used, cap - used, "%s%s",
					 used ? "\n" : "", line);
		if (used >= cap)
			break;
	}
}

int console_run(struct console *c, const char *const *argv, char *msg,
		size_t cap)
{
	const struct command *cmd = cli_command(argv[0]);
	int out = tmp_fd(c), err = tmp_fd(c);
	int save_out = -1, save_err = -1, argc = 0, rc = EXIT_FAIL;
	char *args[32];

	msg[0] = '\0';
	while (argv[argc] && argc < 31) {
		args[argc] = (char *)argv[argc];
		argc++;
	}
	args[argc] = NULL;
	if (!cmd || out < 0 || err < 0) {
		snprintf(msg, cap, "cannot run '%s'", argv[0]);
		goto out;
	}
	fflush(stdout);
	fflush(stderr);
	save_out = dup(1);
	save_err = dup(2);
	if (save_out < 0 || save_err < 0 || dup2(out, 1) < 0 ||
	    dup2(err, 2) < 0) {
		snprintf(msg, cap, "cannot run '%s'", argv[0]);
		goto restore;
	}
	optind = 0; /* glibc: start getopt afresh for this argv */
	rc = cmd->run(argc, args);
	fflush(stdout);
	fflush(stderr);
restore:
	if (save_out >= 0) {
		dup2(save_out, 1);
		close(save_out);
	}
	if (save_err >= 0) {
		dup2(save_err, 2);
		close(save_err);
	}
	if (!msg[0])
		read_msg(err, msg, cap);
out:
	if (out >= 0)
		close(out);
	if (err >= 0)
		close(err);
	return rc;
}
