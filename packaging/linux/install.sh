#!/bin/sh
# Install BayDesk from this unpacked folder for the current user.
#
#   ./install.sh                   into ~/.local (no root needed)
#   sudo ./install.sh --prefix /usr/local      for every user of this PC
#   ./install.sh --uninstall       remove it again (add --prefix if you gave one)
#
# Puts the program in PREFIX/lib/baydesk, a `baydesk` command in PREFIX/bin,
# the menu entry in PREFIX/share/applications and the icon in the hicolor
# theme. Shop data is never touched: the database and settings live in the
# user's data and config folders (~/.local/share/BayDesk, ~/.config/BayDesk),
# and --uninstall leaves them where they are.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
prefix="${HOME}/.local"
action=install

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --uninstall) action=uninstall; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

libdir="$prefix/lib/baydesk"
bindir="$prefix/bin"
appsdir="$prefix/share/applications"
icondir="$prefix/share/icons/hicolor"

refresh_menus() {
    # Optional helpers: desktops pick up the change without them, only later.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$appsdir" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$icondir" 2>/dev/null || true
    fi
}

if [ "$action" = uninstall ]; then
    rm -rf "$libdir"
    rm -f "$bindir/baydesk" "$appsdir/baydesk.desktop" \
        "$icondir/256x256/apps/baydesk.png" "$icondir/scalable/apps/baydesk.svg"
    refresh_menus
    echo "BayDesk removed from $prefix (shop data and settings were kept)."
    exit 0
fi

if [ ! -x "$here/baydesk/baydesk" ]; then
    echo "install.sh: run me from the unpacked BayDesk folder (baydesk/baydesk is missing)" >&2
    exit 1
fi

mkdir -p "$prefix/lib" "$bindir" "$appsdir" "$icondir/256x256/apps" "$icondir/scalable/apps"

# Copy beside the old version first, then swap, so a failed copy leaves the
# installed program working.
staging="$libdir.new.$$"
rm -rf "$staging"
cp -R "$here/baydesk" "$staging"
rm -rf "$libdir"
mv "$staging" "$libdir"

ln -sf "$libdir/baydesk" "$bindir/baydesk"
cp "$here/baydesk.png" "$icondir/256x256/apps/baydesk.png"
cp "$here/baydesk.svg" "$icondir/scalable/apps/baydesk.svg"
# The menu entry names the program by its full path: PREFIX/bin is not on
# every PATH (a desktop session started before ~/.local/bin existed).
sed -e "s|^Exec=.*|Exec=\"$libdir/baydesk\"|" \
    -e "s|^TryExec=.*|TryExec=$libdir/baydesk|" \
    "$here/baydesk.desktop" >"$appsdir/baydesk.desktop"
chmod 644 "$appsdir/baydesk.desktop"
refresh_menus

echo "BayDesk $(cat "$here/VERSION") installed in $libdir."
echo "Start it from the applications menu, or run: $bindir/baydesk"
case ":${PATH}:" in
    *":$bindir:"*) ;;
    *) echo "($bindir is not on your PATH; the menu entry works regardless.)" ;;
esac
