#!/usr/bin/env bash
# Checks that Swift files are formatted as the checked-in .swift-format says (`swift format` ships
# with the toolchain): each file must equal what `swift format format` makes of it.
#
#   Tools/format/check.sh              the Swift files this branch changed since it left main
#                                      (committed, staged, unstaged or new)
#   Tools/format/check.sh REF          the Swift files changed since REF
#   Tools/format/check.sh --all        every Swift file of the package (Package.swift, Sources, Tests)
#   Tools/format/check.sh --fix [...]  format those files in place instead of checking
#
# Exit 0 when every file checked is formatted; 1 with the list of files that are not (and the
# command that formats them); 64 on misuse. Format only the files you touch: the whole package is
# formatted in one commit of its own, so that no parallel branch has to merge a reformat.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

fix=0
if [[ "${1:-}" == "--fix" ]]; then fix=1; shift; fi
mode="${1:-}"

if [[ "$mode" == "--all" ]]; then
    mapfile -t files < <(git ls-files -- 'Package.swift' 'Sources/*.swift' 'Tests/*.swift' 'Plugins/*.swift')
else
    base="$mode"
    if [[ -z "$base" ]]; then
        base="$(git merge-base HEAD main 2>/dev/null || git merge-base HEAD origin/main 2>/dev/null || true)"
        [[ -n "$base" ]] || { echo "format check: no branch 'main' to compare with; give a REF or --all" >&2; exit 64; }
    fi
    git rev-parse --verify --quiet "$base^{commit}" >/dev/null || { echo "format check: '$base' is not a commit" >&2; exit 64; }
    mapfile -t files < <({ git diff --name-only --diff-filter=ACMR "$base" -- '*.swift'
                           git ls-files --others --exclude-standard -- '*.swift'; } | sort -u)
fi

command -v swift >/dev/null || { echo "format check: no swift toolchain on PATH" >&2; exit 64; }
unformatted=()
for file in "${files[@]}"; do
    [[ -f "$file" ]] || continue
    if (( fix )); then
        swift format format --in-place --configuration .swift-format "$file"
    elif ! swift format format --configuration .swift-format "$file" | cmp -s - "$file"; then
        unformatted+=("$file")
    fi
done

if (( fix )); then echo "formatted ${#files[@]} file(s)"; exit 0; fi
if (( ${#unformatted[@]} )); then
    echo "not formatted as .swift-format says (${#unformatted[@]} of ${#files[@]} checked):"
    printf '  %s\n' "${unformatted[@]}"
    echo "format them: Tools/format/check.sh --fix ${mode:-}"
    exit 1
fi
echo "formatted: ${#files[@]} file(s) checked"
