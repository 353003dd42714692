/* SPDX-License-Identifier: 0BSD */
/* coretest: drives core/ helpers one at a time for tests/core.bats.
 * Not part of nsbox; linked with the same core objects. */
#include "fmt.h"
#include "json.h"
#include "ns.h"
#include "opt.h"
#include "proc.h"
#include "table.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/vfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static int usage(void)
{
	fputs("usage: coretest stat PID | parse-stat TEXT | cmdline PID | status PID KEY |\n"
	      "  u64 TEXT MIN MAX | pid TEXT | signal NAME | link TEXT TYPE | nslink PID TYPE |\n"
	      "  uid UID | opt SHORTOPTS ARGS... | wait-exit N | wait-signal SIG |\n"
	      "  exec ARGS... | table aligned|raw|json [utf8] < rows | fmt |\n"
	      "  has mnt-next|ns-id|pidfd|pidfs|ns-relations  (exit 0 when this kernel and sandbox have it) |\n"
	      "  container CGROUP-TEXT | json TEXT|@FILE [KEY|#INDEX...]\n", stderr);
	return 2;
}

/* Parse TEXT ("error CODE" when refused), then follow keys (#N: the N-th
 * element) and print the value: a string decoded, else its JSON text. */
static int json_lookup(const char *text, char **path)
{
	struct json doc = { 0 };
	char buf[4096];
	int rc = json_parse(&doc, text, strlen(text)), tok = 0;

	if (rc < 0) {
		printf("error %s\n", rc == -ELOOP ? "depth" : rc == -E2BIG ? "size" : "syntax");
		json_free(&doc);
		return 0;
	}
	for (; *path && tok >= 0; path++)
		tok = **path == '#' ? json_element(&doc, tok, (uint32_t)atoi(*path + 1)) : json_member(&doc, tok, *path);
	if (tok < 0)
		puts("missing");
	else if (json_string(&doc, tok, buf, sizeof buf))
		printf("string %s\n", buf);
	else
		printf("%s %.*s\n", doc.tok[tok].type == JSON_STRING ? "unusable" : "value", (int)doc.tok[tok].len,
		       text + doc.tok[tok].start);
	json_free(&doc);
	return 0;
}

static void print_stat(const struct proc_stat *st)
{
	printf("pid=%d state=%c ppid=%d comm=", (int)st->pid, st->state, (int)st->ppid);
	for (const char *p = st->comm; *p; p++)
		putchar(*p == '\n' ? '|' : *p);	/* keep the output on one line */
	putchar('\n');
}

static int errname(int rc)
{
	printf("%s\n", rc == -EINVAL ? "EINVAL" : rc == -ERANGE ? "ERANGE" : strerror(-rc));
	return 1;
}

/* Rows on stdin: DEPTH<TAB>NAME<TAB>NUMBER; a row nests under the last
 * row of depth DEPTH-1. "-" is an empty cell. */
static int table_cmd(const char *mode_name, bool utf8)
{
	static const struct column cols[] = {
		{ "NAME", COL_TREE, 0, "a name" },
		{ "NUMBER", COL_RIGHT | COL_NUMBER, 6, "a number" },
	};
	const struct column *colp[] = { &cols[0], &cols[1] };
	int mode = !strcmp(mode_name, "json") ? TABLE_JSON : !strcmp(mode_name, "raw") ? TABLE_RAW : TABLE_ALIGNED;
	struct table t;
	char line[1024];
	int last_at_depth[32];

	table_init(&t, colp, 2, mode, "rows");
	t.utf8 = utf8;
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		char *save = NULL, *depth = strtok_r(line, "\t", &save);
		char *name = strtok_r(NULL, "\t", &save), *num = strtok_r(NULL, "\t", &save);
		int d = atoi(depth);
		if (d < 0 || d > 30 || !name || !num)
			return usage();
		int row = table_add_row(&t, d ? last_at_depth[d - 1] : -1);
		last_at_depth[d] = row;
		/* \n in the input stands for a newline inside a cell */
		for (char *p; (p = strstr(name, "\\n"));)
			memmove(p + 1, p + 2, strlen(p + 2) + 1), *p = '\n';
		table_set(&t, row, 0, strcmp(name, "-") ? name : NULL);
		table_set(&t, row, 1, strcmp(num, "-") ? num : NULL);
	}
	return table_print(&t) < 0;
}

static int opt_cmd(int argc, char **argv)
{
	static const struct opt_long longs[] = {
		{ "fork", OPT_NOARG, 'f' }, { "mount", OPT_OPTIONAL, 'm' },
		{ "map-user", OPT_REQUIRED, 'u' }, { "map-users", OPT_REQUIRED, 'U' },
		{ "map-root-user", OPT_NOARG, 'r' }, { "target", OPT_REQUIRED, 't' },
		{ NULL, 0, 0 },
	};
	struct opt_state st;
	int c;

	opt_init(&st, argc, argv, argv[0], longs);
	st.argv[0] = "coretest";
	while ((c = opt_next(&st)) != -1)
		printf("opt %c %s\n", c, st.arg ? st.arg : "(none)");
	for (int i = st.ind; i < argc; i++)
		printf("operand %s\n", argv[i]);
	return 0;
}

/* fmt_snprintf against libc's snprintf on the conversions nsbox uses. */
static int fmt_cmd(void)
{
	char ours[128], libc[128];
	int bad = 0;
#define CHECK(...)                                                                           \
	do {                                                                                 \
		int a = fmt_snprintf(ours, sizeof ours, __VA_ARGS__);                        \
		int b = snprintf(libc, sizeof libc, __VA_ARGS__);                            \
		if (a != b || strcmp(ours, libc)) {                                          \
			printf("mismatch %s: [%s] %d vs [%s] %d\n", #__VA_ARGS__, ours, a, libc, b); \
			bad = 1;                                                             \
		}                                                                            \
	} while (0)
	CHECK("plain");
	CHECK("%s|%5s|%-5s|%.2s|%.*s|%*s|%-*s|", "abc", "ab", "ab", "abc", 1, "xyz", 4, "z", 4, "z");
	CHECK("%d %d %i %5d %-5d| %05d %05d", 0, -42, 7, -3, 12, -7, 99);
	/* (long's extremes: 32 bits on 32-bit builds) */
	CHECK("%u %x %02x %04x %lu %llu %zu", 4000000000u, 255u, 10u, 0xabcu, ULONG_MAX,
	      18446744073709551615ull, (size_t)77);
	CHECK("%ld %ld %lld %jd", LONG_MIN, LONG_MAX, -9223372036854775807ll - 1, (intmax_t)-5);
	CHECK("%c%c %% %s", 'a', 'b', "end");
	/* truncation still returns the full length and NUL-terminates */
	char tiny[4];
	int n = fmt_snprintf(tiny, sizeof tiny, "%s", "abcdef");
	if (n != 6 || strcmp(tiny, "abc")) {
		printf("truncation: [%s] %d\n", tiny, n);
		bad = 1;
	}
	if (!bad)
		puts("ok");
	return bad;
}

/* Does this kernel, under whatever filter we run in, have FEATURE? Tests
 * ask this instead of reading the kernel's version. */
static int has(const char *feature)
{
	int fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC), rc = 1;
	if (fd < 0)
		return 2;
	if (!strcmp(feature, "mnt-next")) {
		struct { uint32_t size, nr_mounts; uint64_t mnt_ns_id; } info = { .size = sizeof info };
		int next = ioctl(fd, _IOR(NSIO, 11, info), &info);
		rc = next < 0 && (errno == ENOTTY || errno == ENOSYS || errno == EINVAL);
		if (next >= 0)
			close(next);
	} else if (!strcmp(feature, "ns-id")) {
		uint64_t id;
		rc = ns_get_id(fd, &id) < 0;
	} else if (!strcmp(feature, "pidfd")) {
		int pidfd = pidfd_open_pid(getpid());
		rc = pidfd < 0;
		if (pidfd >= 0)
			close(pidfd);
	} else if (!strcmp(feature, "pidfs")) {	/* pidfds with inodes of their own */
		int pidfd = pidfd_open_pid(getpid());
		uint64_t ino;
		rc = pidfd < 0 || pidfd_ino(pidfd, &ino) < 0;
		if (pidfd >= 0)
			close(pidfd);
	} else if (!strcmp(feature, "ns-relations"))
		rc = ns_relations_missing() != NULL;
	else
		rc = 2;
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	struct proc_stat st;
	uint64_t value;
	pid_t pid;
	int rc, fd;

	applet_name = "coretest";
	if (argc < 2)
		return usage();
	const char *cmd = argv[1];
	if (!strcmp(cmd, "has") && argc == 3)
		return has(argv[2]);
	if (!strcmp(cmd, "json") && argc >= 3 && argv[2][0] == '@') {	/* @FILE: its text */
		static char text[1 << 20];
		return read_file_at(AT_FDCWD, argv[2] + 1, text, sizeof text) < 0 ? 1 : json_lookup(text, argv + 3);
	}
	if (!strcmp(cmd, "json") && argc >= 3)
		return json_lookup(argv[2], argv + 3);
	if (!strcmp(cmd, "container") && argc == 3) {
		char *id = cgroup_container(argv[2]);
		printf("[%s]\n", id ? id : "");
		free(id);
		return 0;
	}
	if (!strcmp(cmd, "stat") && argc == 3) {
		if (parse_pid(argv[2], &pid) < 0 || (fd = proc_open_pid(pid)) < 0)
			return errname(-ESRCH);
		rc = proc_read_stat(fd, "", &st);
		close(fd);
		if (rc < 0)
			return errname(rc);
		print_stat(&st);
		return 0;
	}
	if (!strcmp(cmd, "parse-stat") && argc == 3) {
		rc = proc_parse_stat(argv[2], &st);
		if (rc < 0)
			return errname(rc);
		print_stat(&st);
		return 0;
	}
	if (!strcmp(cmd, "cmdline") && argc == 3) {
		if (parse_pid(argv[2], &pid) < 0)
			return errname(-ESRCH);
		char *command = proc_command(pid);
		printf("[%s]\n", command);
		free(command);
		return 0;
	}
	if (!strcmp(cmd, "status") && argc == 4) {
		char buf[8192];
		if (parse_pid(argv[2], &pid) < 0 || (fd = proc_open_pid(pid)) < 0)
			return errname(-ESRCH);
		ssize_t n = read_file_at(fd, "status", buf, sizeof buf);
		close(fd);
		if (n < 0)
			return errname((int)n);
		const char *v = proc_status_field(buf, argv[3]);
		if (!v)
			return errname(-ENOENT);
		printf("%.*s\n", (int)strcspn(v, "\n"), v);
		return 0;
	}
	if (!strcmp(cmd, "u64") && argc == 5) {
		uint64_t min = strtoull(argv[3], NULL, 10), max = strtoull(argv[4], NULL, 10);
		rc = parse_u64(argv[2], min, max, &value);
		if (rc < 0)
			return errname(rc);
		printf("%llu\n", (unsigned long long)value);
		return 0;
	}
	if (!strcmp(cmd, "pid") && argc == 3) {
		rc = parse_pid(argv[2], &pid);
		if (rc < 0)
			return errname(rc);
		printf("%d\n", (int)pid);
		return 0;
	}
	if (!strcmp(cmd, "signal") && argc == 3) {
		printf("%d\n", signal_by_name(argv[2]));
		return 0;
	}
	if (!strcmp(cmd, "link") && argc == 4) {
		rc = ns_parse_link(argv[2], argv[3], &value);
		if (rc < 0)
			return errname(rc);
		printf("%llu\n", (unsigned long long)value);
		return 0;
	}
	if (!strcmp(cmd, "nslink") && argc == 4) {
		char path[64];
		if (parse_pid(argv[2], &pid) < 0)
			return errname(-EINVAL);
		snprintf(path, sizeof path, "/proc/%d/ns", (int)pid);
		fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return errname(-errno);
		rc = ns_link_ino(fd, argv[3], &value);
		close(fd);
		if (rc < 0)
			return errname(rc);
		printf("%llu\n", (unsigned long long)value);
		return 0;
	}
	if (!strcmp(cmd, "uid") && argc == 3) {
		char buf[64];
		puts(uid_to_name((uid_t)strtoul(argv[2], NULL, 10), buf, sizeof buf));
		return 0;
	}
	if (!strcmp(cmd, "opt") && argc >= 3)
		return opt_cmd(argc - 2, argv + 2);
	if ((!strcmp(cmd, "wait-exit") || !strcmp(cmd, "wait-signal")) && argc == 3) {
		int n = atoi(argv[2]);
		pid_t child = fork();
		if (child < 0)
			return errname(-errno);
		if (child == 0) {
			if (cmd[5] == 's') {
				signal(n, SIG_DFL);
				raise(n);
			}
			_exit(n);
		}
		return status_to_exit(wait_status(child, -1));
	}
	if (!strcmp(cmd, "exec") && argc >= 3)
		exec_or_die(argv + 2);
	if (!strcmp(cmd, "fmt") && argc == 2)
		return fmt_cmd();
	if (!strcmp(cmd, "table") && (argc == 3 || argc == 4))
		return table_cmd(argv[2], argc == 4);
	return usage();
}
