#!/usr/bin/env bash
# Build the Linux bundle of BayDesk with one command.
#
#   packaging/build-linux.sh                  make a fresh virtual environment,
#                                             install BayDesk and PyInstaller in it, build
#   packaging/build-linux.sh --python PY      build with PY's environment as it is (BayDesk
#                                             must be installed there; PyInstaller is added
#                                             if missing) - quicker, used by the tests
# Options:
#   --dist DIR    where the tarball goes (default: dist/ in the repository)
#   --work DIR    scratch space: venv, PyInstaller's work and output (default: build/linux)
#   --appimage    also make an AppImage; needs appimagetool on PATH (see packaging/README.md)
#
# Produces DIST/baydesk-<version>-linux-<arch>.tar.gz holding one folder:
#   baydesk/          the program (run baydesk/baydesk)
#   baydesk.desktop   menu entry      baydesk.png, baydesk.svg   icon
#   install.sh        installs into ~/.local (or --prefix), --uninstall removes
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$here/.." && pwd)
python=""
dist="$root/dist"
work="$root/build/linux"
appimage=0

while [[ $# -gt 0 ]]; do
    case "$1" in
        --python) python="$2"; shift 2 ;;
        --dist) dist="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --appimage) appimage=1; shift ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-linux.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done
mkdir -p "$dist" "$work"
dist=$(cd -- "$dist" && pwd)
work=$(cd -- "$work" && pwd)

step() { printf '\n==> %s\n' "$*"; }
started=$SECONDS

if [[ -z "$python" ]]; then
    base=${PYTHON:-python3}
    step "Fresh virtual environment in $work/venv (from $base)"
    "$base" -c 'import sys; assert sys.version_info >= (3, 11), "BayDesk needs Python 3.11+"'
    "$base" -m venv --clear "$work/venv"
    python="$work/venv/bin/python"
    "$python" -m pip install --quiet --upgrade pip
    step "Installing BayDesk and PyInstaller"
    # From a copy: setuptools writes build/ and *.egg-info into the folder it builds.
    rm -rf "$work/source"
    mkdir -p "$work/source"
    for item in pyproject.toml README.md LICENSE app; do
        if [[ -e "$root/$item" ]]; then cp -R "$root/$item" "$work/source/"; fi
    done
    "$python" -m pip install --quiet "$work/source" "pyinstaller>=6.10,<7"
else
    if ! "$python" -c 'import app.cli' 2>/dev/null; then
        echo "build-linux.sh: BayDesk is not installed for $python (pip install -e $root)" >&2
        exit 1
    fi
    if ! "$python" -c 'import PyInstaller' 2>/dev/null; then
        step "Installing PyInstaller into $python's environment"
        "$python" -m pip install --quiet "pyinstaller>=6.10,<7"
    fi
fi

version=$("$python" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
    "$root/pyproject.toml")
arch=$(uname -m)
name="baydesk-$version-linux-$arch"

step "PyInstaller: one-folder build of BayDesk $version"
"$python" -m PyInstaller "$here/baydesk.spec" --noconfirm --clean --log-level WARN \
    --distpath "$work/pyinstaller-dist" --workpath "$work/pyinstaller-work"

internal="$work/pyinstaller-dist/baydesk/_internal"
if command -v strip >/dev/null 2>&1; then
    # An interpreter built from source (pyenv, CI) keeps its debug info: about
    # 25 MB. Only the interpreter's own files are touched; wheels' libraries
    # are left as their authors built them.
    find "$internal" -maxdepth 1 -name 'libpython3*.so*' -type f -exec strip --strip-debug {} +
    find "$internal" -path '*/lib-dynload/*.so' -type f -exec strip --strip-debug {} +
fi

step "Packing $name.tar.gz"
stage="$work/stage/$name"
rm -rf "$work/stage"
mkdir -p "$stage"
cp -R "$work/pyinstaller-dist/baydesk" "$stage/baydesk"
cp "$here/linux/baydesk.desktop" "$stage/"
cp "$root/resources/icons/baydesk.png" "$root/resources/icons/baydesk.svg" "$stage/"
install -m 755 "$here/linux/install.sh" "$stage/install.sh"
echo "$version" >"$stage/VERSION"
tarball="$dist/$name.tar.gz"
# Owner and times fixed so the same build packs the same way.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${SOURCE_DATE_EPOCH:-0}" \
    -C "$work/stage" -czf "$tarball" "$name"

if [[ $appimage == 1 ]]; then
    if ! command -v appimagetool >/dev/null 2>&1; then
        echo "build-linux.sh: --appimage needs appimagetool on PATH (see packaging/README.md)" >&2
        exit 1
    fi
    step "AppImage"
    appdir="$work/BayDesk.AppDir"
    rm -rf "$appdir"
    mkdir -p "$appdir/usr/lib"
    cp -R "$work/pyinstaller-dist/baydesk" "$appdir/usr/lib/baydesk"
    cp "$here/linux/baydesk.desktop" "$root/resources/icons/baydesk.png" "$appdir/"
    cp "$root/resources/icons/baydesk.png" "$appdir/.DirIcon"
    cat >"$appdir/AppRun" <<'APPRUN'
#!/bin/sh
here=$(dirname "$(readlink -f "$0")")
exec "$here/usr/lib/baydesk/baydesk" "$@"
APPRUN
    chmod 755 "$appdir/AppRun"
    ARCH="$arch" appimagetool --no-appstream "$appdir" "$dist/BayDesk-$version-$arch.AppImage"
fi

step "Done in $((SECONDS - started)) s"
echo "bundle:  $work/pyinstaller-dist/baydesk ($(du -sh "$work/pyinstaller-dist/baydesk" | cut -f1))"
echo "tarball: $tarball ($(du -h "$tarball" | cut -f1))"
