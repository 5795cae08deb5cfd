#!/usr/bin/env bash
# Tags a release and moves its major tag, as actions/typescript-action's script/release does:
# users pin `@v1` and get every v1.x.y; `@v1.2.3` stays where it was tagged.
#   scripts/release.sh vX.Y.Z [remote]
# Refuses a version that is not vX.Y.Z, differs from package.json, has no CHANGELOG section,
# is already tagged, or is older than the newest release of its major (the major tag would move
# backwards). Annotated tags; the new tag is pushed plain, the major tag with --force.
set -euo pipefail
new_tag=${1:-}
remote=${2:-origin}
die() { echo "release: $*" >&2; exit 1; }

[[ "$new_tag" =~ ^v([0-9]+)\.[0-9]+\.[0-9]+$ ]] || die "version \"$new_tag\" is not in vX.Y.Z form (e.g. v1.2.3)"
major_tag="v${BASH_REMATCH[1]}"
version=${new_tag#v}

pkg_version=$(node -p 'require("./package.json").version')
[[ "$pkg_version" == "$version" ]] || die "package.json says version $pkg_version, not $version: bump it and commit first"
grep -q "^## \[$version\]" CHANGELOG.md || die "CHANGELOG.md has no \"## [$version]\" section: move the Unreleased notes there first"
git rev-parse -q --verify "refs/tags/$new_tag" >/dev/null && die "tag $new_tag exists already"

newest=$(git tag --list "$major_tag.*.*" | grep -E "^$major_tag\.[0-9]+\.[0-9]+$" | sort -V | tail -n 1 || true)
if [[ -n "$newest" && "$(printf '%s\n%s\n' "$newest" "$new_tag" | sort -V | tail -n 1)" != "$new_tag" ]]; then
  die "$new_tag is older than $newest: $major_tag would move backwards"
fi

git tag --annotate "$new_tag" --message "$new_tag Release"
if git rev-parse -q --verify "refs/tags/$major_tag" >/dev/null; then
  git tag --force --annotate "$major_tag" --message "Sync $major_tag tag with $new_tag" "$new_tag^{commit}"
  echo "release: moved $major_tag to $new_tag"
else
  git tag --annotate "$major_tag" --message "$major_tag Release" "$new_tag^{commit}"
  echo "release: new major tag $major_tag at $new_tag"
fi
git push "$remote" "refs/tags/$new_tag"
git push --force "$remote" "refs/tags/$major_tag"
echo "release: pushed $new_tag and $major_tag to $remote"
