#!/usr/bin/env bash
# CI packaging check (issue 7), run by .ci/run after the tests; any failure fails CI.
#
# Builds the Linux onedir, .tar.gz and .deb with the pinned PyInstaller, checks the onedir's
# size (at most 150 MiB) and the .desktop file, unpacks the .deb into a temporary root and
# runs the frozen --self-test and `edit --demo` from there without network or token, then
# compares the frozen app's start with the source's (at most 1.5x) and with a frozen bare
# window. Prints each step's time.
set -euo pipefail
cd "$(dirname "$0")/.."

export PIP_DISABLE_PIP_VERSION_CHECK=1
MAX_ONEDIR_MIB=150
started=$(date +%s)
last=$started
step() {
    local now
    now=$(date +%s)
    echo "packaging: $1 in $((now - last)) s"
    last=$now
}

python3 -m pip install -q -r packaging/requirements.txt
step "build tools installed"

python3 packaging/build.py
step "bundle, tarball and .deb built"

size_kib=$(du -sk dist/retouch-studio | cut -f1)
echo "packaging: onedir is $((size_kib / 1024)) MiB (limit $MAX_ONEDIR_MIB MiB)"
if [ "$size_kib" -gt $((MAX_ONEDIR_MIB * 1024)) ]; then
    echo "packaging: the onedir is over $MAX_ONEDIR_MIB MiB" >&2
    exit 1
fi

version=$(python3 -c 'import desktop_app; print(desktop_app.__version__)')
arch=$(dpkg --print-architecture)
deb="dist/retouch-studio_${version}_${arch}.deb"
tarball="dist/retouch-studio-${version}-linux-$(uname -m).tar.gz"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

desktop-file-validate resources/retouch-studio.desktop
dpkg-deb -x "$deb" "$root/deb"
desktop-file-validate "$root/deb/usr/share/applications/retouch-studio.desktop"
mkdir "$root/tar"
tar -xzf "$tarball" -C "$root/tar"
"$root/tar/retouch-studio/retouch-studio" --version
step ".deb and tarball unpacked, .desktop valid"

python3 packaging/smoke_test.py --deb-root "$root/deb"
step "frozen --self-test and edit --demo passed"

# Also against the bare window frozen the same way (reported, not a gate: 5 runs of a fresh
# process vary by ±0.1x; python -m benchmarks holds the source side's target).
python3 packaging/startup_benchmark.py --frozen "$root/deb/opt/retouch-studio/retouch-studio" \
    --runs 5 --max-ratio 1.5 --bare
step "start-up compared"

echo "packaging: finished in $(($(date +%s) - started)) s"
