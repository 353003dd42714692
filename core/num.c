/* SPDX-License-Identifier: 0BSD */
/* Strict numbers and signal names: every number nsbox takes from an
 * argument or a file goes through here. */
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <strings.h>

int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t value = 0;

	if (!s || !*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		unsigned digit = (unsigned)(*p - '0');
		if (value > (UINT64_MAX - digit) / 10)
			return -ERANGE;
		value = value * 10 + digit;
	}
	if (value < min || value > max)
		return -ERANGE;
	*out = value;
	return 0;
}

uint64_t scan_u64(const char *s, const char **end)
{
	uint64_t value = 0;

	while (*s >= '0' && *s <= '9' && value <= (UINT64_MAX - 9) / 10)
		value = value * 10 + (uint64_t)(*s++ - '0');
	*end = s;
	return value;
}

uint64_t parse_u64_or_die(const char *s, uint64_t min, uint64_t max, const char *what)
{
	uint64_t value;
	int rc = parse_u64(s, min, max, &value);

	if (rc == -ERANGE)
		die(1, ERANGE, "%s: '%s'", what, s);
	if (rc < 0)
		die(1, 0, "%s: '%s'", what, s);
	return value;
}

static const struct { const char *name; int num; } signal_names[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "IOT", SIGIOT }, { "BUS", SIGBUS },
	{ "FPE", SIGFPE }, { "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 }, { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "CHLD", SIGCHLD }, { "CLD", SIGCHLD }, { "CONT", SIGCONT },
	{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM },
	{ "PROF", SIGPROF }, { "WINCH", SIGWINCH }, { "IO", SIGIO }, { "POLL", SIGPOLL },
	{ "PWR", SIGPWR }, { "SYS", SIGSYS },
#ifdef SIGSTKFLT	/* not on mips, which has SIGEMT */
	{ "STKFLT", SIGSTKFLT },
#endif
#ifdef SIGEMT
	{ "EMT", SIGEMT },
#endif
};

int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

int signal_by_name(const char *name)
{
	if (!strncasecmp(name, "SIG", 3))
		name += 3;
	for (size_t i = 0; i < sizeof signal_names / sizeof *signal_names; i++)
		if (!strcasecmp(name, signal_names[i].name))
			return signal_names[i].num;
	/* RTMIN+N and RTMAX-N, as util-linux's signames.c */
	bool from_min = !strncasecmp(name, "RTMIN", 5), from_max = !strncasecmp(name, "RTMAX", 5);
	if (!from_min && !from_max)
		return -1;
	const char *rest = name + 5;
	uint64_t offset = 0;
	if (*rest) {
		if (*rest != (from_min ? '+' : '-') ||
		    parse_u64(rest + 1, 0, (uint64_t)(SIGRTMAX - SIGRTMIN), &offset) < 0)
			return -1;
	}
	return from_min ? SIGRTMIN + (int)offset : SIGRTMAX - (int)offset;
}
