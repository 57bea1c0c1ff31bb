#!/bin/sh
# Make a drag-to-install disk image from the .app the spec's BUNDLE built (macOS only).
#
#     sh packaging/macos/make-dmg.sh "dist/Retouch Studio.app" dist/retouch-studio-<v>-macos-<arch>.dmg
#
# python packaging/build.py runs it. The image holds the app and a link to /Applications.
# The app is ad-hoc signed by PyInstaller, not notarized: on first start macOS asks to
# confirm (right-click > Open), or run: xattr -dr com.apple.quarantine "/Applications/Retouch Studio.app"
set -eu

app=${1:?usage: make-dmg.sh APP DMG}
dmg=${2:?usage: make-dmg.sh APP DMG}
volume="Retouch Studio"

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT INT TERM

# ditto keeps the bundle's symlinks, extended attributes and signatures intact (cp -R may not).
ditto "$app" "$staging/$(basename "$app")"
ln -s /Applications "$staging/Applications"

rm -f "$dmg"
hdiutil create -volname "$volume" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"
hdiutil verify "$dmg"
echo "made $dmg"
