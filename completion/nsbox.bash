# SPDX-License-Identifier: 0BSD
# bash completion for nsbox and its applets (bash 4.4+: source this, or let
# bash-completion load it by name). Options come from the binary itself
# (--list-options, -H), so they cannot drift from it. Only a name that runs
# nsbox gets nsbox's completion: where `lsns` is util-linux's, util-linux's
# own completion file answers, found and run as bash-completion would.

# Does the command NAME (or path) run nsbox? A link whose target is named
# nsbox, or the same file (inode) as the nsbox in PATH. Sets _nsbox_bin to
# that nsbox.
_nsbox_runs_nsbox() {
	local path real
	path=$(type -P -- "$1") || return 1
	_nsbox_bin=$(type -P nsbox)
	[[ $path -ef $_nsbox_bin ]] && return 0
	real=$(readlink -f -- "$path") || return 1
	_nsbox_bin=$real
	[[ ${real##*/} == nsbox* ]]
}

# Complete NAME with the completion another package installed for it
# (util-linux's lsns), never with ours; filenames when there is none.
_nsbox_foreign() {
	local name=${1##*/} dir file func
	declare -gA _nsbox_foreign_func
	func=${_nsbox_foreign_func[$name]-}
	if [[ -z $func ]]; then
		local IFS=:
		for dir in ${BASH_COMPLETION_USER_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion} \
			${XDG_DATA_DIRS:-/usr/local/share:/usr/share} /usr/share; do
			file=${dir%/bash-completion}/bash-completion/completions/$name
			[[ -f $file && ! -L $file ]] || continue
			grep -q '^_nsbox()' "$file" 2>/dev/null && continue
			unset IFS
			# it registers its function for NAME: note it, keep ours
			. "$file" >/dev/null 2>&1
			func=$(complete -p -- "$name" 2>/dev/null)
			func=${func#*-F }
			func=${func%% *}
			complete -F _nsbox -- "$name"
			[[ $func == _nsbox ]] && func=
			break
		done
		_nsbox_foreign_func[$name]=${func:--}
	fi
	if [[ $func == - ]]; then
		compopt -o default 2>/dev/null
		COMPREPLY=()
		return
	fi
	"$func" "$@"
}

# The candidates in COMPREPLY are whole words; bash replaces only what
# follows the last word-break character (= or :) of the current word.
_nsbox_reply() {
	local cur=$1 i
	shift
	for ((i = ${#cur}; i > 0; i--)); do
		[[ ${COMP_WORDBREAKS-} == *"${cur:i-1:1}"* && ${cur:i-1:1} != [\"\'] ]] && break
	done
	COMPREPLY=()
	local word
	for word in "$@"; do
		[[ $word == "$cur"* ]] && COMPREPLY+=("${word:i}")
	done
}

# The option table of applet $1, run as the command "${@:2}": one line
# per option, "--name=" (takes a value), "--name[=]" (may take one) or
# "--name"; cached per command.
_nsbox_options() {
	declare -gA _nsbox_opts
	local key="${*:2} $1"
	[[ -n ${_nsbox_opts[$key]-} ]] || _nsbox_opts[$key]=$("${@:2}" --list-options 2>/dev/null)
	printf '%s\n' "${_nsbox_opts[$key]}"
}

# The kind of option $2 of the option table $1: "=" value, "[=]" optional
# value, "" none, "?" unknown. A long option may be abbreviated.
_nsbox_kind() {
	local table=$1 opt=$2 line match= n=0
	while read -r line; do
		case $line in
		"$opt" | "$opt=" | "$opt[=]") match=$line n=1; break ;;
		"$opt"*) [[ $opt == --?* ]] && { match=$line; ((n++)); } ;;
		esac
	done <<< "$table"
	if ((n != 1)); then echo "?"; return; fi
	case $match in *"[=]") echo "[=]" ;; *=) echo "=" ;; *) echo "" ;; esac
}

# The long name an option word stands for in applet $1's table $2 (-t:
# itself; --out: --output).
_nsbox_longname() {
	local table=$1 opt=$2 line found=
	[[ $opt == --* ]] || { echo "$opt"; return; }
	while read -r line; do
		line=${line%%[=[]*}
		[[ $line == "$opt" ]] && { echo "$line"; return; }
		[[ $line == "$opt"* ]] && found=${found:+?}$line
	done <<< "$table"
	[[ $found == --* ]] && echo "$found" || echo "$opt"
}

_nsbox_pids() { (cd /proc && printf '%s\n' [1-9]*); }
_nsbox_types() { printf '%s\n' cgroup ipc mnt net pid time user uts; }

# Values of option OPT (a short or long name) of APPLET; the command is
# "${@:4}". cur is the value typed so far.
_nsbox_value() {
	local applet=$1 opt=$2 cur=$3 words=()
	shift 3
	case $applet:$opt in
	lsns:-t | lsns:--type | nsid:-t | nsid:--type)
		mapfile -t words < <(_nsbox_types) ;;
	lsns:-p | lsns:--task | nsenter:-t | nsenter:--target)
		mapfile -t words < <(_nsbox_pids) ;;
	lsns:-o | lsns:--output | nsid:-o | nsid:--output)
		# a comma-separated list, or +LIST (added to the defaults)
		local prefix=${cur%"${cur##*[,+]}"} name
		for name in $("$@" -H -n -r 2>/dev/null | cut -d' ' -f1); do
			[[ ,${prefix#+} == *,"$name",* ]] || words+=("$prefix$name")
		done ;;
	lsns:-T | lsns:--tree)
		words=(process parent owner) ;;
	unshare:--propagation)
		words=(slave shared private unchanged) ;;
	unshare:--setgroups)
		words=(allow deny) ;;
	unshare:--kill-child)
		mapfile -t words < <(compgen -A signal | sed 's/^SIG//') ;;
	unshare:--map-user)
		mapfile -t words < <(compgen -u) ;;
	unshare:--map-group)
		mapfile -t words < <(compgen -g) ;;
	unshare:--map-users | unshare:--map-groups)
		words=(auto subids all) ;;
	unshare:--whitelist-env)
		local prefix=${cur%"${cur##*,}"}
		mapfile -t words < <(compgen -e -P "$prefix") ;;
	nsenter:-S | nsenter:--setuid | nsenter:-G | nsenter:--setgid)
		words=(follow) ;;
	*:-r | *:--root | *:-w | *:--wd | *:-W | *:--wdns | *:-R | *:--mount-proc | *:--mount-binfmt)
		compopt -o filenames 2>/dev/null
		mapfile -t words < <(compgen -d -- "$cur") ;;
	nsenter:-N | nsenter:--net-socket | *:-Q | *:--filter | *:-S | *:--setuid | *:-G | *:--setgid | \
	*:--owner | *:--monotonic | *:--boottime | newuts:*)
		;;	# numbers and expressions: nothing to offer
	*)	# a namespace FILE (--net=/run/netns/lab), an interpreter
		compopt -o filenames 2>/dev/null
		mapfile -t words < <(compgen -f -- "$cur") ;;
	esac
	printf '%s\n' "${words[@]}"
}

# Complete the words "${words[@]}" (up to the cursor) for APPLET, run as
# the command "${@:2}".
_nsbox_applet() {
	local applet=$1 table
	shift
	table=$(_nsbox_options "$applet" "$@")
	local cword=$((${#words[@]} - 1)) cur=${words[-1]} i=1 w kind program= npos=0 value_of=

	# options up to the cursor: skip their values; find the program
	while ((i < cword)); do
		w=${words[i]}
		if [[ $w == -- ]]; then
			((i++))
			program=$i
			break
		elif [[ $w == --?* ]]; then
			[[ $w != *=* && $(_nsbox_kind "$table" "$w") == "=" ]] && ((i++))
		elif [[ $w == -?* ]]; then
			local j
			for ((j = 1; j < ${#w}; j++)); do
				kind=$(_nsbox_kind "$table" "-${w:j:1}")
				[[ $kind == "=" ]] || continue
				((j + 1 == ${#w})) && ((i++))
				break
			done
		else
			((npos++))
			# unshare and nsenter run what follows; newuts after NAME
			if [[ $applet == unshare || $applet == nsenter || ($applet == newuts && npos == 2) ]]; then
				program=$i
				break
			fi
		fi
		((i++))
	done
	if [[ -n $program ]] && ((program < cword)); then
		_nsbox_command "$program"
		return
	fi
	if [[ -z $program ]]; then
		# the value of the option before: -t PID, --type net
		w=${words[cword - 1]}
		if ((cword > 1)) && [[ $w == -* && $w != *=* && $w != -- ]]; then
			if [[ $w == --* ]]; then
				[[ $(_nsbox_kind "$table" "$w") == "=" ]] && value_of=$(_nsbox_longname "$table" "$w")
			elif [[ $(_nsbox_kind "$table" "-${w: -1}") == "=" ]]; then
				value_of=-${w: -1}
			fi
		fi
		if [[ -n $value_of ]]; then
			mapfile -t w < <(_nsbox_value "$applet" "$value_of" "$cur" "$@")
			_nsbox_reply "$cur" "${w[@]}"
			return
		fi
		case $cur in
		--*=*)	# --type=net, --net=FILE
			local name=${cur%%=*} val=${cur#*=}
			[[ $(_nsbox_kind "$table" "$name") == *=* ]] || return
			name=$(_nsbox_longname "$table" "$name")
			mapfile -t w < <(_nsbox_value "$applet" "$name" "$val" "$@")
			_nsbox_reply "$cur" "${w[@]/#/${cur%%=*}=}"
			return ;;
		--* | -)
			# options as util-linux offers them: long ones; "=" where
			# a value must follow (then no space)
			mapfile -t w < <(sed -n 's/\[=\]$//; /^--/p' <<< "$table")
			_nsbox_reply "$cur" "${w[@]}"
			[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
			return ;;
		-?)	# a short option as it is: the value is the next word
			[[ $(_nsbox_kind "$table" "$cur") != "?" ]] && COMPREPLY=("$cur")
			return ;;
		-?*)	# -tnet: a value stuck to its short option
			[[ $(_nsbox_kind "$table" "${cur:0:2}") == "=" ]] || return
			mapfile -t w < <(_nsbox_value "$applet" "${cur:0:2}" "${cur:2}" "$@")
			_nsbox_reply "$cur" "${w[@]/#/${cur:0:2}}"
			return ;;
		esac
	fi
	# the arguments: a namespace (lsns), targets (nsid), the program
	case $applet in
	lsns)	# the namespaces of processes (quick: lsns itself may take long)
		mapfile -t w < <(find /proc/[1-9]*/ns -mindepth 1 -maxdepth 1 -printf '%l\n' 2>/dev/null |
			sed -n 's/.*:\[\([0-9]*\)\]$/\1/p' | sort -u)
		_nsbox_reply "$cur" "${w[@]}" ;;
	nsid)
		if [[ $cur == */* ]]; then
			compopt -o filenames 2>/dev/null
			mapfile -t w < <(compgen -f -- "$cur")
		else
			mapfile -t w < <(_nsbox_pids)
		fi
		_nsbox_reply "$cur" "${w[@]}" ;;
	newuts)
		((npos == 0)) || _nsbox_command "$cword" ;;
	*)
		_nsbox_command "$cword" ;;
	esac
}

# The program and its arguments from word N on: the program's own
# completion where bash-completion is loaded, else commands, then files.
_nsbox_command() {
	local n=$1 cur=${words[-1]}
	if declare -F _command_offset >/dev/null; then
		# bash's words split at = and :: find word N among them
		local k j=0 acc
		for ((k = 0; k < n + _nsbox_shift; k++)); do
			acc=
			while [[ $acc != "${_nsbox_words[k]}" && j -lt ${#COMP_WORDS[@]} ]]; do
				acc+=${COMP_WORDS[j]}
				((j++))
			done
		done
		_command_offset "$j"
		return
	fi
	if ((n == ${#words[@]} - 1)); then
		mapfile -t w < <(compgen -c -- "$cur")
		_nsbox_reply "$cur" "${w[@]}"
	else
		compopt -o default 2>/dev/null
		COMPREPLY=()
	fi
}

_nsbox() {
	local line=${COMP_LINE:0:COMP_POINT} words=() cmd applet _nsbox_bin _nsbox_shift=0
	# whole words as the applet gets them (bash splits at = and :)
	read -ra words <<< "$line"
	[[ -z $line || $line == *[[:space:]] ]] && words+=("")
	local _nsbox_words=("${words[@]}")
	cmd=${words[0]}
	if ! _nsbox_runs_nsbox "$cmd"; then
		_nsbox_foreign "$@"
		return
	fi
	applet=${cmd##*/}
	declare -gA _nsbox_applets
	[[ -n ${_nsbox_applets[$_nsbox_bin]-} ]] ||
		_nsbox_applets[$_nsbox_bin]=$("$_nsbox_bin" --list 2>/dev/null)
	local applets=${_nsbox_applets[$_nsbox_bin]}
	if ! grep -qx -- "$applet" <<< "$applets"; then
		# the multi-call binary: nsbox APPLET ARGS
		local cur=${words[-1]}
		if ((${#words[@]} == 2)); then
			mapfile -t applet < <(printf '%s\n' $applets --list --help --version --install)
			_nsbox_reply "$cur" "${applet[@]}"
			return
		fi
		case ${words[1]} in
		--help | -h)
			((${#words[@]} == 3)) && _nsbox_reply "$cur" $applets
			return ;;
		--install)
			compopt -o filenames 2>/dev/null
			mapfile -t applet < <(compgen -d -- "$cur"; [[ ${#words[@]} == 3 ]] && echo -s)
			_nsbox_reply "$cur" "${applet[@]}"
			return ;;
		esac
		grep -qx -- "${words[1]}" <<< "$applets" || return
		applet=${words[1]}
		words=("$applet" "${words[@]:2}")
		_nsbox_shift=1
	fi
	_nsbox_applet "$applet" "$_nsbox_bin" "$applet"
}

complete -F _nsbox nsbox lsns nsenter unshare nsid newuts
