#!/usr/bin/env bash
# Installs the bundle `make bundle` built, with its menu entry and icon:
#
#   bash packaging/install.sh              # into ~/.local (no root needed)
#   sudo bash packaging/install.sh /usr/local
#   bash packaging/install.sh --uninstall [PREFIX]
#
# PREFIX/lib/genbo/          the bundle (dist/genbo)
# PREFIX/bin/genbo           a link to its binary
# PREFIX/share/applications/genbo.desktop
# PREFIX/share/icons/hicolor/scalable/apps/genbo.svg
# PREFIX/share/metainfo/io.github.genbo.Genbo.metainfo.xml
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
UNINSTALL=0
if [ "${1:-}" = "--uninstall" ]; then
	UNINSTALL=1
	shift
fi
PREFIX="${1:-$HOME/.local}"
DEST="${DESTDIR:-}$PREFIX"

FILES=(
	"$DEST/bin/genbo"
	"$DEST/share/applications/genbo.desktop"
	"$DEST/share/icons/hicolor/scalable/apps/genbo.svg"
	"$DEST/share/metainfo/io.github.genbo.Genbo.metainfo.xml"
)

if [ $UNINSTALL = 1 ]; then
	rm -rf "$DEST/lib/genbo"
	rm -f "${FILES[@]}"
	echo "Removed Genbo from $PREFIX"
	exit 0
fi

[ -x "$ROOT/dist/genbo/genbo" ] || {
	echo "install: no bundle at $ROOT/dist/genbo; run make bundle first" >&2
	exit 1
}

mkdir -p "$DEST/lib" "$DEST/bin" "$DEST/share/applications" \
	"$DEST/share/icons/hicolor/scalable/apps" "$DEST/share/metainfo"
rm -rf "$DEST/lib/genbo"
cp -a "$ROOT/dist/genbo" "$DEST/lib/genbo"
ln -sfn "$PREFIX/lib/genbo/genbo" "$DEST/bin/genbo"
install -m 644 "$ROOT/packaging/genbo.desktop" "$DEST/share/applications/genbo.desktop"
install -m 644 "$ROOT/resources/genbo.svg" "$DEST/share/icons/hicolor/scalable/apps/genbo.svg"
install -m 644 "$ROOT/packaging/io.github.genbo.Genbo.metainfo.xml" \
	"$DEST/share/metainfo/io.github.genbo.Genbo.metainfo.xml"

if [ -z "${DESTDIR:-}" ]; then
	command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/share/applications" || true
	command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
fi
echo "Installed Genbo into $PREFIX ($PREFIX/bin/genbo; the menu entry is 'Genbo' / '跟播')"
case ":$PATH:" in
*":$PREFIX/bin:"*) ;;
*) echo "Note: $PREFIX/bin is not on your PATH" ;;
esac
