#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# Containers by name (--container=REF, CNAME) against real runtimes that
# this file starts from the distribution's packages, with no registry and
# state of their own under a temporary directory: dockerd (its own data
# root, exec root and socket), containerd through ctr (a plain task, and
# one with the CRI plugin's annotations in k8s.io, as Kubernetes names
# them), LXC (lxc-create -t busybox), podman, systemd-nspawn. nsbox reads
# their state where a host keeps it: each check runs in a mount namespace
# of its own where /etc/docker, /etc/containerd, /etc/containers and
# /var/lib/lxc are this file's (and the host's state paths are empty), so
# the tests see only what they made. A runtime that cannot run here is
# skipped with the reason.

load helpers/common

PAUSE=$(cd "$BATS_TEST_DIRNAME" && pwd)/helpers/pause
BUSYBOX=$(command -v busybox || true)

setup() { common_setup; export LC_ALL=C.UTF-8; }
teardown() { common_teardown; }

# ---- the runtimes, started once for the file ---------------------------

# skip_runtime NAME REASON: every test of NAME skips, saying REASON.
skip_runtime() { echo "$2" > "$RT/$1.skip"; }
need_runtime() {
	[ ! -e "$RT/$1.skip" ] || skip "$1: $(cat "$RT/$1.skip")"
}

# rt CMD...: CMD in the runtimes' mount namespace, where /run, /var/lib
# and the other paths runtimes write to besides their roots (/etc/docker,
# /opt) are this file's, so nothing is left on the host. Every runtime and
# its command-line tool runs there.
rt() { "$SYS_NSENTER" -t "$(cat "$RT/holder.pid")" -m -- "$@"; }

start_holder() {
	mkdir -p "$RT/etc-docker" "$RT/opt"
	"$SYS_UNSHARE" -m sh -c 'mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /var/lib &&
		mount --bind "$1/opt" /opt && mount --bind "$1/etc-docker" /etc/docker &&
		touch "$1/holder.ready" && exec sleep 100000' sh "$RT" > "$RT/holder.log" 2>&1 3>&- &
	echo $! > "$RT/holder.pid"
	wait_for "$RT/holder.ready" 10
}

# wait_for PATH SECONDS: until PATH exists.
wait_for() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do [ -e "$1" ] && return 0; sleep 0.1; done
	return 1
}

docker_cli() { rt /usr/bin/docker -H "unix://$RT/docker.sock" "$@"; }

start_docker() {
	[ -x /usr/sbin/dockerd ] && [ -x /usr/bin/docker ] ||
		{ skip_runtime docker "docker.io is not installed (dockerd, /usr/bin/docker)"; return; }
	[ -d /etc/docker ] || { skip_runtime docker "no /etc/docker to put a daemon.json in"; return; }
	# its data root from the daemon.json nsbox reads
	echo "{\"data-root\": \"$RT/docker\"}" > "$RT/etc-docker/daemon.json"
	"$SYS_NSENTER" -t "$(cat "$RT/holder.pid")" -m -- /usr/sbin/dockerd --bridge=none --iptables=false --ip6tables=false --ip-masq=false \
		--exec-root "$RT/docker-exec" --pidfile "$RT/dockerd.pid" -H "unix://$RT/docker.sock" \
		> "$RT/dockerd.log" 2>&1 3>&- &
	echo $! > "$RT/dockerd.pid.own"
	wait_for "$RT/docker.sock" 30 && docker_cli version > /dev/null 2>&1 ||
		{ skip_runtime docker "dockerd did not start: $(tail -1 "$RT/dockerd.log")"; return; }
	docker_cli import "$RT/image.tar" nsbox-test:1 > /dev/null &&
	docker_cli run -d --name web1 --network none nsbox-test:1 /pause > "$RT/web1.id" &&
	docker_cli run -d --name web.2-x_y --network none nsbox-test:1 /pause > "$RT/web2.id" &&
	docker_cli create --name stopped1 --network none nsbox-test:1 /pause > "$RT/stopped1.id" ||
		skip_runtime docker "docker run failed: $(tail -1 "$RT/dockerd.log")"
}

ctr_cli() { rt ctr -a "$RT/containerd.sock" "$@"; }
K8S_ID=cafe$(printf '%060d' 24)

start_containerd() {
	command -v containerd > /dev/null && command -v ctr > /dev/null ||
		{ skip_runtime containerd "containerd is not installed"; return; }
	[ -d /etc/containerd ] || { skip_runtime containerd "no /etc/containerd to put a config.toml in"; return; }
	mkdir -p "$RT/etc-containerd" "$RT/rootfs"
	printf 'version = 2\nroot = "%s"\nstate = "%s"\n[grpc]\n  address = "%s"\n' \
		"$RT/containerd-root" "$RT/containerd-state" "$RT/containerd.sock" > "$RT/etc-containerd/config.toml"
	"$SYS_NSENTER" -t "$(cat "$RT/holder.pid")" -m -- containerd --config "$RT/etc-containerd/config.toml" > "$RT/containerd.log" 2>&1 3>&- &
	echo $! > "$RT/containerd.pid"
	wait_for "$RT/containerd.sock" 30 ||
		{ skip_runtime containerd "containerd did not start: $(tail -1 "$RT/containerd.log")"; return; }
	tar -C "$RT/rootfs" -xf "$RT/image.tar"
	ctr_cli run -d --rootfs "$RT/rootfs" task1 /pause > /dev/null 2>&1 &&
	ctr_cli -n k8s.io run -d \
		--annotation io.kubernetes.cri.container-type=container \
		--annotation io.kubernetes.cri.sandbox-namespace=kube-system \
		--annotation io.kubernetes.cri.sandbox-name=coredns-5d78c9869d-x2x4l \
		--annotation io.kubernetes.cri.container-name=coredns \
		--rootfs "$RT/rootfs" "$K8S_ID" /pause > /dev/null 2>&1 ||
		skip_runtime containerd "ctr run failed: $(tail -1 "$RT/containerd.log")"
}

start_lxc() {
	command -v lxc-create > /dev/null || { skip_runtime lxc "lxc is not installed"; return; }
	[ -d /var/lib/lxc ] || { skip_runtime lxc "no /var/lib/lxc"; return; }
	[ -n "$BUSYBOX" ] || { skip_runtime lxc "busybox-static is not installed (lxc-create -t busybox)"; return; }
	mkdir -p "$RT/lxc"
	echo "lxc.net.0.type = empty" > "$RT/lxc.conf"
	rt timeout 120 lxc-create -P "$RT/lxc" -n box1 -f "$RT/lxc.conf" -t busybox > "$RT/lxc.log" 2>&1 &&
	rt timeout 60 lxc-start -P "$RT/lxc" -n box1 -d -o "$RT/lxc.log" ||
		{ skip_runtime lxc "lxc-start failed: $(tail -1 "$RT/lxc.log")"; return; }
	rt timeout 120 lxc-create -P "$RT/lxc" -n box2 -f "$RT/lxc.conf" -t busybox >> "$RT/lxc.log" 2>&1
}

podman_cli() {
	rt timeout 120 podman --root "$RT/podman" --runroot "$RT/podman-run" --storage-driver vfs --cgroup-manager cgroupfs \
		--runtime runc --events-backend file "$@"
}

start_podman() {
	command -v podman > /dev/null && command -v runc > /dev/null ||
		{ skip_runtime podman "podman or runc is not installed"; return; }
	[ -d /etc/containers ] || { skip_runtime podman "no /etc/containers to put a storage.conf in"; return; }
	mkdir -p "$RT/etc-containers"
	printf '[storage]\ndriver = "vfs"\nrunroot = "%s"\ngraphroot = "%s"\n' "$RT/podman-run" "$RT/podman" \
		> "$RT/etc-containers/storage.conf"
	# crun refuses cgroup v1/v2 hybrids, and without explicit limits podman
	# asks for more open files than this host's hard limit allows
	podman_cli import "$RT/image.tar" nsbox-test:1 > "$RT/podman.log" 2>&1 &&
	podman_cli run -d --name pod1 --network none --ulimit nofile=1024:1024 \
		--ulimit nproc=1024:1024 nsbox-test:1 /pause >> "$RT/podman.log" 2>&1 ||
		skip_runtime podman "podman run failed: $(tail -1 "$RT/podman.log")"
}

setup_file() {
	export RT
	RT=$(mktemp -d /tmp/nsbox-runtimes.XXXXXX)
	mkdir -p "$RT/empty" "$RT/image/bin" "$RT/image/proc" "$RT/image/dev" "$RT/image/sys" "$RT/image/etc"
	local why=
	[ "$(id -u)" -eq 0 ] || why="needs root"
	[ -n "$SYS_UNSHARE" ] && [ -n "$SYS_NSENTER" ] || why="needs util-linux's unshare and nsenter"
	[ -z "${NSBOX_VM:-}" ] || why="tested on the host's kernel: under qemu-system's emulation starting the daemons alone takes minutes"
	if [ -n "$why" ]; then
		for r in docker containerd lxc podman nspawn; do skip_runtime $r "$why"; done
		return 0
	fi
	[ -n "$BUSYBOX" ] && cp "$BUSYBOX" "$RT/image/bin/busybox"
	cp "$PAUSE" "$RT/image/pause"
	tar -C "$RT/image" -cf "$RT/image.tar" .
	start_holder || { for r in docker containerd lxc podman; do skip_runtime $r "no mount namespace for the runtimes: $(cat "$RT/holder.log")"; done; }
	start_docker
	start_containerd
	start_lxc
	start_podman
	[ "$(cat /proc/1/comm)" = systemd ] ||
		skip_runtime nspawn "systemd-nspawn registers its machines (machine.slice/machine-NAME.scope) through systemd-machined; PID 1 here is $(cat /proc/1/comm), not systemd"
}

# stop PIDFILE: end a daemon by its pid, and wait for it.
stop_daemon() {
	local pid
	pid=$(cat "$1" 2>/dev/null) || return 0
	kill -CONT "$pid" 2>/dev/null
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null
}

teardown_file() {
	[ -n "${RT:-}" ] || return 0
	if [ ! -e "$RT/docker.skip" ] || [ -e "$RT/dockerd.pid.own" ]; then
		docker_cli rm -f web1 web.2-x_y stopped1 dup > /dev/null 2>&1
		stop_daemon "$RT/dockerd.pid.own"
	fi
	for task in "default task1" "default dup" "k8s.io $K8S_ID"; do
		set -- $task
		ctr_cli -n "$1" task kill -s KILL "$2" > /dev/null 2>&1
	done
	sleep 0.5
	for task in "default task1" "default dup" "k8s.io $K8S_ID"; do
		set -- $task
		ctr_cli -n "$1" task rm "$2" > /dev/null 2>&1
		ctr_cli -n "$1" container rm "$2" > /dev/null 2>&1
	done
	stop_daemon "$RT/containerd.pid"
	rt lxc-stop -P "$RT/lxc" -n box1 -k > /dev/null 2>&1
	rt lxc-destroy -P "$RT/lxc" -n box1 > /dev/null 2>&1
	rt lxc-destroy -P "$RT/lxc" -n box2 > /dev/null 2>&1
	podman_cli rm -f -a > /dev/null 2>&1
	# podman's container cleanup runs on after the container, in our
	# directory: wait for what runs there (found by that path, not a name)
	for _ in $(seq 100); do pgrep -f -- "$RT/" > /dev/null || break; sleep 0.1; done
	stop_daemon "$RT/holder.pid"
	grep -o " $RT/[^ ]*" /proc/self/mounts | sort -r | while read -r mnt; do umount -l "$mnt"; done
	rm -rf "$RT"
}

# ---- helpers ------------------------------------------------------------

# in_state [DIR] -- CMD...: CMD where the runtimes' config and state paths
# are DIR's (default: the runtimes of this file): /etc/docker,
# /etc/containerd, /etc/containers and /var/lib/lxc from DIR/etc-docker...,
# the host's default state paths empty.
# need_state_points: the synthetic docker state is found through a
# daemon.json that in_state binds over /etc/docker; where there is no
# /etc/docker (docker not installed: a guest's root of Debian's i386
# packages), there is nothing to bind it on.
need_state_points() {
	[ -d /etc/docker ] || skip "no /etc/docker to put synthetic state on (docker is not installed here)"
}

in_state() {
	local dir=$RT
	[ "$1" = -- ] || { dir=$1; shift; }
	shift
	timeout 60 "$SYS_UNSHARE" -m sh -c '
		dir=$1; shift
		for pair in /var/lib/docker=empty /run/containerd=empty /var/lib/containers=empty \
			/run/containers=empty /etc/docker=etc-docker /etc/containerd=etc-containerd \
			/etc/containers=etc-containers /var/lib/lxc=lxc; do
			src=$dir/${pair#*=}
			[ -d "$src" ] || src=$dir/empty
			[ -d "$src" ] || mkdir -p "$src"
			[ -d "${pair%%=*}" ] && mount --bind "$src" "${pair%%=*}"
		done
		exec "$@"' sh "$dir" "$@"
}

# ---- docker ---------------------------------------------------------------

@test "docker: every REF form enters the container's init; nsid and lsns agree, CNAME in table, raw and JSON" {
	need_root
	need_runtime docker
	id=$(cat "$RT/web1.id")
	pid=$(docker_cli inspect -f '{{.State.Pid}}' web1)
	for ref in web1 "$id" "${id:0:12}" "${id:0:5}" docker:web1 "docker:${id:0:12}"; do
		run --separate-stderr in_state -- "$BIN/nsenter" --container="$ref" -u -m -p -r --host-exec "$BUSYBOX" sh -c 'hostname; cat /proc/1/comm'
		echo "$ref: $output $stderr"
		[ "$status" -eq 0 ]
		[ "$output" = "$(printf '%s\npause' "${id:0:12}")" ]
		run in_state -- "$BIN/nsid" --container="$ref" -n -r -o PID,CNAME,CONTAINER -t uts
		[ "$output" = "$pid docker:web1 docker:${id:0:12}" ]
	done
	run in_state -- "$BIN/nsid" --container=web.2-x_y -n -r -o CNAME -t net
	[ "$output" = "docker:web.2-x_y" ]
	# lsns --container: the container's namespaces, its init as their PID
	run in_state -- "$BIN/lsns" --container=web1 -n -r -o NS,TYPE,PID,CNAME
	echo "$output"
	for type in uts ipc mnt pid; do
		grep -qx "$(ns_ino "$pid" $type) $type $pid docker:web1" <<< "$output"
	done
	# CNAME of every row of lsns, in JSON too
	run --separate-stderr in_state -- "$BIN/lsns" -J -t uts -o PID,CNAME
	echo "$output" | python3 -c '
import json, sys
rows = {r["pid"]: r["cname"] for r in json.load(sys.stdin)["namespaces"]}
assert rows['"$pid"'] == "docker:web1", rows
assert all(v is None or v.startswith(("docker:", "containerd:", "k8s:", "lxc:", "podman:", "nspawn:")) for v in rows.values()), rows'
}

@test "docker: not found names the runtimes and their counts; stopped; ambiguous lists candidates" {
	need_root
	need_runtime docker
	run -1 --separate-stderr in_state -- "$BIN/nsenter" --container=no-such -a true
	echo "$stderr"
	[[ "$stderr" == "nsenter: no container 'no-such' (looked at docker 3 in $RT/docker; containerd "* ]]
	[[ "$stderr" == *"lxc "*", nspawn "*" by cgroup)" ]]
	[ "$(echo "$stderr" | wc -l)" -eq 1 ]
	id=$(cat "$RT/stopped1.id")
	run -1 --separate-stderr in_state -- "$BIN/nsid" --container=stopped1
	[ "$stderr" = "nsid: container docker:stopped1 (${id:0:12}) is not running" ]
	run -1 --separate-stderr in_state -- "$BIN/lsns" --container=docker:stopped1
	[ "$stderr" = "lsns: container docker:stopped1 (${id:0:12}) is not running" ]
	# every id starts with a hex digit: one of 16 prefixes has two
	for p in 0 1 2 3 4 5 6 7 8 9 a b c d e f; do
		n=$(cat "$RT"/web1.id "$RT"/web2.id "$RT"/stopped1.id | grep -c "^$p") || true
		[ "$n" -ge 2 ] && break
	done
	if [ "$n" -ge 2 ]; then
		run -1 --separate-stderr in_state -- "$BIN/nsenter" --container="docker:$p" -a true
		echo "$stderr"
		[[ "$stderr" == "nsenter: 'docker:$p' is ambiguous: docker:"*", docker:"* ]]
	fi
	run -1 --separate-stderr in_state -- "$BIN/nsenter" --container=web1 -t 1 -a true
	[ "$stderr" = "nsenter: options --target and --container cannot be combined" ]
}

@test "docker: dockerd stopped (SIGSTOP) while nsenter resolves a name: nsbox never asks it" {
	need_root
	need_runtime docker
	dockerd=$(cat "$RT/dockerd.pid.own")
	kill -STOP "$dockerd"
	run --separate-stderr in_state -- "$BIN/nsenter" --container=web1 -u hostname
	kill -CONT "$dockerd"
	[ "$status" -eq 0 ]
	[ "$output" = "$(head -c 12 "$RT/web1.id")" ]
}

# ---- containerd -------------------------------------------------------------

@test "containerd: a ctr task by ID and containerd:ID; Kubernetes names from the CRI annotations" {
	need_root
	need_runtime containerd
	pid=$(ctr_cli task ls | awk '$1 == "task1" { print $2 }')
	kpid=$(ctr_cli -n k8s.io task ls | awk -v id="$K8S_ID" '$1 == id { print $2 }')
	[ -n "$pid" ] && [ -n "$kpid" ]
	for ref in task1 containerd:task1; do
		run in_state -- "$BIN/nsid" --container="$ref" -n -r -o PID,CNAME -t mnt
		[ "$output" = "$pid containerd:task1" ]
	done
	for ref in kube-system/coredns-5d78c9869d-x2x4l/coredns coredns-5d78c9869d-x2x4l/coredns \
		k8s:kube-system/coredns-5d78c9869d-x2x4l/coredns k8s:coredns-5d78c9869d-x2x4l/coredns \
		"$K8S_ID" cafe "containerd:$K8S_ID"; do
		run in_state -- "$BIN/nsid" --container="$ref" -n -r -o PID,CNAME -t mnt
		echo "$ref: $output"
		[ "$output" = "$kpid k8s:kube-system/coredns-5d78c9869d-x2x4l/coredns" ]
	done
	run in_state -- "$BIN/nsenter" --container=coredns-5d78c9869d-x2x4l/coredns -m -p -r --host-exec "$BUSYBOX" sh -c 'echo $$; ls /'
	[ "${lines[0]}" = 1 ] && [[ "$output" == *pause* ]]
	run in_state -- "$BIN/lsns" -t mnt -o PID,CNAME -n -r
	grep -qx "$kpid k8s:kube-system/coredns-5d78c9869d-x2x4l/coredns" <<< "$output"
	grep -qx "$pid containerd:task1" <<< "$output"
}

@test "docker and containerd: the same name in two runtimes is ambiguous, RUNTIME: picks one" {
	need_root
	need_runtime docker
	need_runtime containerd
	docker_cli run -d --name dup --network none nsbox-test:1 /pause > "$RT/dup.id"
	ctr_cli run -d --rootfs "$RT/rootfs" dup /pause > /dev/null
	id=$(cat "$RT/dup.id")
	run -1 --separate-stderr in_state -- "$BIN/nsenter" --container=dup -a true
	echo "$stderr"
	[ "$stderr" = "nsenter: 'dup' is ambiguous: docker:dup (${id:0:12}), containerd:dup" ]
	run in_state -- "$BIN/nsid" --container=docker:dup -n -r -o CNAME -t uts
	[ "$output" = docker:dup ]
	run in_state -- "$BIN/nsid" --container=containerd:dup -n -r -o CNAME -t mnt
	[ "$output" = containerd:dup ]
	docker_cli rm -f dup > /dev/null
	ctr_cli task kill -s KILL dup
	for _ in $(seq 50); do ctr_cli task rm dup > /dev/null 2>&1 && break; sleep 0.1; done
	ctr_cli container rm dup
}

# ---- LXC, podman, nspawn ----------------------------------------------------

@test "LXC: a running container by name (its init: the oldest process of lxc.payload.NAME); a defined one that is stopped" {
	need_root
	need_runtime lxc
	pid=$(rt lxc-info -P "$RT/lxc" -n box1 -p -H)
	for ref in box1 lxc:box1; do
		run in_state -- "$BIN/nsenter" --container="$ref" -u hostname
		[ "$output" = box1 ]
		run in_state -- "$BIN/nsid" --container="$ref" -n -r -o PID,CNAME,CONTAINER -t uts
		[ "$output" = "$pid lxc:box1 lxc:box1" ]
	done
	run in_state -- "$BIN/lsns" --container=box1 -n -r -o TYPE,PID,CNAME -t uts
	[ "$output" = "uts $pid lxc:box1" ]
	run -1 --separate-stderr in_state -- "$BIN/nsenter" --container=box2 -a true
	[ "$stderr" = "nsenter: container lxc:box2 is not running" ]
}

@test "podman: a container by name, ID prefix and podman:NAME (containers/storage's record, conmon's pid file)" {
	need_root
	need_runtime podman
	pid=$(podman_cli inspect -f '{{.State.Pid}}' pod1)
	id=$(podman_cli inspect -f '{{.Id}}' pod1)
	for ref in pod1 podman:pod1 "${id:0:12}"; do
		run in_state -- "$BIN/nsid" --container="$ref" -n -r -o PID,CNAME,CONTAINER -t uts
		echo "$ref: $output"
		[ "$output" = "$pid podman:pod1 podman:${id:0:12}" ]
	done
	run in_state -- "$BIN/nsenter" --container=pod1 -u hostname
	[ "$output" = "${id:0:12}" ]
}

@test "systemd-nspawn: a machine by name (machine.slice/machine-NAME.scope)" {
	need_root
	need_runtime nspawn
	mkdir -p "$RT/image/usr/lib"
	echo "ID=nsbox-test" > "$RT/image/usr/lib/os-release"
	name=nsbox-box-$$
	systemd-nspawn -q -D "$RT/image" --machine="$name" --register=yes /pause 3>&- &
	track $!
	for _ in $(seq 100); do [ -e "/run/systemd/machines/$name" ] && break; sleep 0.1; done
	[ -e "/run/systemd/machines/$name" ] || skip "systemd-nspawn did not register $name"
	leader=$(sed -n 's/^LEADER=//p' "/run/systemd/machines/$name")
	run in_state -- "$BIN/nsid" --container="nspawn:$name" -n -r -o PID,CNAME -t uts
	[ "$output" = "$leader nspawn:$name" ]
	run in_state -- "$BIN/nsenter" --container="$name" -u hostname
	[ "$output" = "$name" ]
}

# ---- state that runtimes did not write: synthetic trees ---------------------

# docker_state DIR ID NAME PID RUNNING [EXTRA]: a docker container record
# under DIR (daemon.json's data root DIR/docker), as dockerd writes it.
docker_state() {
	mkdir -p "$1/etc-docker" "$1/docker/containers/$2"
	echo "{\"data-root\": \"$1/docker\"}" > "$1/etc-docker/daemon.json"
	printf '{"ID":"%s","Name":"/%s","State":{"Running":%s,"Paused":false,"Pid":%s},"Config":{%s}}' \
		"$2" "$3" "$5" "$4" "${6:-}" > "$1/docker/containers/$2/config.v2.json"
}

# hex64 N: a container id
hex64() { printf '%064x' "$1"; }

@test "hostile state: truncated, nested, inflated, a symlink out, a FIFO, control bytes: said, escaped, never followed or hung on" {
	need_root
	need_sys_unshare
	S=$TEST_DIR/state
	need_state_points
	SPAWN_SETUP='hostname victim' spawn "$SYS_UNSHARE" -u
	docker_state "$S" "$(hex64 1)" ok "$TARGET" true
	c=$S/docker/containers
	mkdir "$c/$(hex64 2)" "$c/$(hex64 3)" "$c/$(hex64 4)" "$c/$(hex64 5)" "$c/$(hex64 6)" "$TEST_DIR/out"
	printf '{"ID":"%s","Name":"/trunc","State":{"Running":tr' "$(hex64 2)" > "$c/$(hex64 2)/config.v2.json"
	{ printf '{"ID":"%s","Name":"/nest","a":' "$(hex64 3)"; printf '[%.0s' $(seq 5000); } > "$c/$(hex64 3)/config.v2.json"
	head -c 2000000 /dev/zero | tr '\0' ' ' > "$c/$(hex64 4)/config.v2.json"
	printf '{"ID":"%s","Name":"/evil","State":{"Running":true,"Pid":%s}}' "$(hex64 5)" "$TARGET" > "$TEST_DIR/out/config.v2.json"
	ln -s "$TEST_DIR/out/config.v2.json" "$c/$(hex64 5)/config.v2.json"
	ln -s "$TEST_DIR/out" "$c/$(hex64 7)"
	mkfifo "$c/$(hex64 6)/config.v2.json"
	run -1 --separate-stderr in_state "$S" -- "$BIN/nsenter" --container=evil -u hostname
	echo "$stderr"
	[ "$(echo "$stderr" | wc -l)" -eq 1 ]
	[[ "$stderr" == "nsenter: no container 'evil' (looked at docker 1 in $S/docker; "*"; could not read $c/"*" and 3 more)" ]]
	# each alone: what it is, said
	for bad in 2:"not valid JSON" 3:"nested too deep" 4:"over 1 MiB" 5:"a symlink (not followed)" \
		6:"not a regular file" 7:"a symlink (not followed)"; do
		one=$TEST_DIR/one.${bad%%:*}
		mkdir -p "$one/docker/containers"
		mv "$c/$(hex64 ${bad%%:*})" "$one/docker/containers/"
		docker_state "$one" "$(hex64 1)" ok "$TARGET" true
		run -1 --separate-stderr in_state "$one" -- "$BIN/nsid" --container=evil
		echo "$stderr"
		[[ "$stderr" == *"; could not read $one/docker/containers/$(hex64 ${bad%%:*})/config.v2.json: ${bad#*:})" ]]
	done
	run in_state "$S" -- "$BIN/nsenter" --container=ok -u hostname
	[ "$output" = victim ]
	# names with control bytes: escaped in messages and cells
	docker_state "$S" "$(hex64 8)" 'x\u001b]0;pwn\u0007' 0 false
	SPAWN_SETUP= spawn "$SYS_UNSHARE" -u
	docker_state "$S" "$(hex64 9)" 'y\u001b[2J' "$TARGET" true
	run -1 --separate-stderr in_state "$S" -- "$BIN/nsenter" --container=$'x\e]0;pwn\a' -a true
	[ "$stderr" = "nsenter: container docker:x\\x1b]0;pwn\\x07 ($(hex64 8 | head -c 12)) is not running" ]
	run -1 --separate-stderr in_state "$S" -- "$BIN/nsenter" --container=$'no\e[2J' -a true
	[[ "$stderr" == "nsenter: no container 'no\\x1b[2J' ("* ]] && [[ "$stderr" != *$'\e'* ]]
	run in_state "$S" -- "$BIN/nsid" --container=$'y\e[2J' -n -o CNAME -t uts
	[ "$output" = 'docker:y\x1b[2J' ]
}

@test "stop race: a pid in the state that a later process has now is not the container; nor one that reuses it while nsenter opens it" {
	need_root
	need_sys_unshare
	command -v strace > /dev/null || skip "strace is not installed"
	S=$TEST_DIR/state
	need_state_points
	# a state written before its pid's process started: a stale record
	SPAWN_SETUP='hostname later' spawn "$SYS_UNSHARE" -u
	docker_state "$S" "$(hex64 1)" stale "$TARGET" true
	touch -d '@'$(( $(date +%s) - 100 )) "$S/docker/containers/$(hex64 1)/config.v2.json"
	run -1 --separate-stderr in_state "$S" -- "$BIN/nsenter" --container=stale -u hostname
	[ "$stderr" = "nsenter: container docker:stale ($(hex64 1 | head -c 12)) is not running" ]
	run -1 --separate-stderr in_state "$S" -- "$BIN/nsid" --container=stale
	# the container's init ends and its pid goes to another process between
	# resolving and opening the pidfd (strace holds nsenter there; a pid
	# namespace of our own hands the pid on through ns_last_pid)
	cat > "$TEST_DIR/race" <<'EOS'
set -e
S=$1 BIN=$2 OUT=$3
for pair in /etc/docker=etc-docker /var/lib/docker=empty /run/containerd=empty /var/lib/containers=empty /var/lib/lxc=empty; do
	mkdir -p "$S/${pair#*=}"
	[ -d "${pair%%=*}" ] && mount --bind "$S/${pair#*=}" "${pair%%=*}"
done
unshare -u sh -c 'hostname victim; exec sleep 300' &
victim=$!
while [ "$(cat /proc/$victim/comm)" != sleep ]; do sleep 0.01; done
id=$(printf '%064x' 10)
mkdir -p "$S/docker/containers/$id"
printf '{"ID":"%s","Name":"/racy","State":{"Running":true,"Pid":%s}}' "$id" "$victim" > "$S/docker/containers/$id/config.v2.json"
# (LeakSanitizer cannot work under ptrace: off for the sanitizer build)
ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 strace -o /dev/null -e inject=pidfd_open:delay_enter=2000000 \
	"$BIN/nsenter" --container=racy -u hostname > "$OUT.out" 2> "$OUT.err" &
nsenter=$!
sleep 1
kill -KILL $victim
wait $victim || true
echo $((victim - 1)) > /proc/sys/kernel/ns_last_pid
unshare -u sh -c 'hostname impostor; exec sleep 300' &
impostor=$!
[ "$impostor" = "$victim" ] || { echo "pid not reused: $impostor, $victim" > "$OUT.err"; exit 3; }
wait $nsenter || echo "exit $?" >> "$OUT.out"
kill $impostor
EOS
	run timeout 30 "$SYS_UNSHARE" -m -fp --mount-proc bash "$TEST_DIR/race" "$S" "$BIN" "$TEST_DIR/race"
	cat "$TEST_DIR/race.out" "$TEST_DIR/race.err"
	[ "$status" -eq 0 ]
	[ "$(cat "$TEST_DIR/race.out")" = "exit 1" ]
	[ "$(cat "$TEST_DIR/race.err")" = "nsenter: container docker:racy ($(hex64 10 | head -c 12)) stopped before it could be entered" ]
}

@test "budget: resolving a name among 100 containers takes under 20 ms and under 1 MiB more memory" {
	need_root
	need_sys_unshare
	[ -z "${NSBOX_VM:-}" ] || skip "timing: not under qemu-system's emulation"
	is_asan && skip "timing and memory: not of the sanitizer build"
	[ -x /usr/bin/time ] || skip "GNU time is not installed (peak RSS)"
	S=$TEST_DIR/state
	need_state_points
	SPAWN_SETUP= spawn "$SYS_UNSHARE" -u
	env=$(printf '"ENV%d=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",' $(seq 40))
	for i in $(seq 100); do
		docker_state "$S" "$(hex64 $((i + 1000)))" "web$i" "$TARGET" true "\"Env\":[${env%,}],\"Labels\":{\"a\":\"b\"}"
	done
	# the quickest of 10 runs (wall clock); peak RSS from GNU time, which
	# is small itself (a fork of python or bash would count their size)
	cat > "$TEST_DIR/measure.py" <<'EOF2'
import subprocess, sys, time
best = 1e9
for _ in range(10):
    start = time.monotonic()
    subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
    best = min(best, time.monotonic() - start)
rss = subprocess.run(["/usr/bin/time", "-f", "%M"] + sys.argv[1:], check=True, stdout=subprocess.DEVNULL,
                     stderr=subprocess.PIPE, text=True).stderr.split()[-1]
print(int(best * 1e6), rss)
EOF2
	run in_state "$S" -- python3 "$TEST_DIR/measure.py" "$BIN/nsid" -o PID -t uts "$TARGET"
	read -r plain_us plain_kb <<< "$output"
	run in_state "$S" -- python3 "$TEST_DIR/measure.py" "$BIN/nsid" -o PID -t uts --container=web57
	read -r named_us named_kb <<< "$output"
	echo "plain: $plain_us us, $plain_kb KiB; --container among 100: $named_us us, $named_kb KiB"
	echo "# budget: plain $plain_us us $plain_kb KiB, --container among 100: $named_us us $named_kb KiB" >&3
	[ -n "$named_kb" ] && [ "$plain_kb" -gt 0 ]
	[ "$((named_us - plain_us))" -lt 20000 ]
	[ "$((named_kb - plain_kb))" -lt 1024 ]
}

@test "as an ordinary user: state it may not read is said, with the reason" {
	need_root
	need_sys_unshare
	need_setpriv
	S=$TEST_DIR/state
	need_state_points
	docker_state "$S" "$(hex64 1)" web1 1 true
	chmod 0700 "$S/docker/containers"
	# (LeakSanitizer cannot trace the non-dumpable process setpriv leaves)
	run -1 --separate-stderr in_state "$S" -- env "ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN/nsenter" --container=web1 -a true
	echo "$stderr"
	[[ "$stderr" == "nsenter: no container 'web1' (looked at docker none ($S/docker/containers: Permission denied); "* ]]
}

@test "before openat2 (the 5.4 profile): state is opened component by component, no symlink at all" {
	need_root
	need_sys_unshare
	S=$TEST_DIR/state
	need_state_points
	SPAWN_SETUP='hostname inside' spawn "$SYS_UNSHARE" -u
	docker_state "$S" "$(hex64 1)" web1 "$TARGET" true
	mkdir "$TEST_DIR/out" "$S/docker/containers/$(hex64 2)"
	printf '{"ID":"%s","Name":"/evil","State":{"Running":true,"Pid":%s}}' "$(hex64 2)" "$TARGET" > "$TEST_DIR/out/config.v2.json"
	ln -s "$TEST_DIR/out/config.v2.json" "$S/docker/containers/$(hex64 2)/config.v2.json"
	run in_state "$S" -- "$SANDBOX" 5.4 "$BIN/nsenter" --container=web1 -u hostname
	[ "$output" = inside ]
	run -1 --separate-stderr in_state "$S" -- "$SANDBOX" 5.4 "$BIN/nsid" --container=evil
	[[ "$stderr" == *"; could not read $S/docker/containers/$(hex64 2)/config.v2.json: a symlink (not followed))" ]]
	# a symlinked directory on the way, too
	rm -r "$S/docker/containers/$(hex64 2)"
	ln -s "$TEST_DIR/out" "$S/docker/containers/$(hex64 2)"
	run -1 --separate-stderr in_state "$S" -- "$SANDBOX" 5.4 "$BIN/nsid" --container=evil
	echo "$stderr"
	[[ "$stderr" == *"; could not read $S/docker/containers/$(hex64 2)/config.v2.json: "* ]]
}
