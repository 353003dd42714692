# SPDX-License-Identifier: 0BSD
# bash completion for nsbox and its applets (zsh: autoload bashcompinit;
# bashcompinit; then source this). Options and columns come from the
# binary itself (--list-options, -H), so they cannot drift from it.

# _nsbox_applet APPLET COMMAND: complete COMP_WORDS for APPLET, run as
# COMMAND ("lsns", or "nsbox lsns") to ask it for its options and columns.
_nsbox_applet() {
	local applet=$1 bin=$2 cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}

	case $cur in
	--*=*)	# --net=FILE and the like: nsfs files
		local opt=${cur%%=*}
		COMPREPLY=($(compgen -P "$opt=" -f -- "${cur#*=}"))
		return ;;
	esac
	case $prev in
	-t | --target | -p | --task)
		if [[ $applet == lsns && $prev == -t ]] || [[ $applet == nsid && $prev == -t ]]; then
			COMPREPLY=($(compgen -W "mnt net pid uts ipc user cgroup time" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(ls /proc | grep '^[0-9]')" -- "$cur"))
		fi
		return ;;
	--type)
		COMPREPLY=($(compgen -W "mnt net pid uts ipc user cgroup time" -- "$cur"))
		return ;;
	-o | --output)
		local columns prefix=${cur%"${cur##*[,+]}"}
		columns=$($bin -H -n -r 2>/dev/null | cut -d' ' -f1)
		COMPREPLY=($(compgen -P "$prefix" -W "$columns" -- "${cur##*[,+]}"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$($bin --list-options 2>/dev/null | sed 's/\[=\]$//; s/=$/=/')" -- "$cur"))
		[[ ${COMPREPLY[0]-} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi
	COMPREPLY=($(compgen -c -- "$cur"))
}

_nsbox() {
	local cur=${COMP_WORDS[COMP_CWORD]} name=${COMP_WORDS[0]##*/}
	if [ "$name" != nsbox ]; then
		_nsbox_applet "$name" "${COMP_WORDS[0]}"
		return
	fi
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(${COMP_WORDS[0]} --list) --list --help --version --install" -- "$cur"))
		return
	fi
	# nsbox APPLET ...: complete as the applet, with the words shifted
	local applet=${COMP_WORDS[1]} bin="${COMP_WORDS[0]} ${COMP_WORDS[1]}"
	COMP_WORDS=("$applet" "${COMP_WORDS[@]:2}")
	COMP_CWORD=$((COMP_CWORD - 1))
	_nsbox_applet "$applet" "$bin"
}

complete -F _nsbox nsbox lsns nsenter unshare nsid newuts
