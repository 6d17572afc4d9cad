#!/usr/bin/env bash
# The reminders workflow's last step: a prepared pull request that retires each unanswered project, for
# the community manager to merge (or close, if the council answers after all).
#
# Run from the root of a checkout of the default branch, with `pipeline`, `gh` and `jq` on the PATH, and:
#   STALE (the output of `pipeline stale --format json`), SETTINGS, BASE_BRANCH.
# The projects come from the catalogue, not from anyone's issue, and each id is checked against the
# entry id pattern before it is used. Each project has one branch, retire/ID, made once: while it
# exists its pull request is waiting, so nothing is pushed to it again, and it is never force-pushed.
set -euo pipefail
shopt -s inherit_errexit

readonly BOT_NAME="github-actions[bot]"
readonly BOT_EMAIL="41898282+github-actions[bot]@users.noreply.github.com"

unanswered_projects() {
  jq -r '.projects[] | select(.unanswered == true) | .id' "${STALE:?}"
}

# The pull request's title and body for one project, from its record in the stale report.
describe() {
  local id="$1"
  jq -r --arg id "$id" '
    def md: gsub("(?<c>[\\\\`*_{}\\[\\]<>()#+!|~@])"; "\\\(.c)");
    .projects[] | select(.id == $id)
    | "Retire \(.title): no response since \(.last_reviewed)",
      "",
      "**\(.title | md)**, led by \(.lead_council_name | md), was last confirmed on \(.last_reviewed). Its review fell due on \(.review_due) and nobody has confirmed or updated it since, despite the weekly reminders.",
      "",
      "Merging this sets its phase to retired and adds a dated update saying so; nothing else in the file changes. It stays in the catalogue as archived. If the council answers, close this pull request instead and ask them to confirm the project.",
      "",
      "Project page: \(.url)"' "$STALE"
}

prepare() {
  local id="$1" branch="retire/$1" path
  if git ls-remote --exit-code --heads origin "refs/heads/$branch" > /dev/null; then
    echo "$id: a pull request to retire it is already waiting"
    return
  fi
  git switch --quiet --force-create "$branch" "origin/${BASE_BRANCH:?}"
  path="$(pipeline retire "$id" --settings "${SETTINGS:?}")"
  describe "$id" > "$RUNNER_TEMP/retire-$id.md"
  git add -- "$path"
  git commit --quiet --file "$RUNNER_TEMP/retire-$id.md"
  git push --quiet origin "HEAD:refs/heads/$branch"
  gh pr create --base "$BASE_BRANCH" --head "$branch" --title "$(head -n 1 "$RUNNER_TEMP/retire-$id.md")" \
    --body-file <(tail -n +3 "$RUNNER_TEMP/retire-$id.md") > /dev/null
  echo "$id: opened a pull request to retire it"
}

main() {
  local id found=0
  git config user.name "$BOT_NAME"
  git config user.email "$BOT_EMAIL"
  gh auth setup-git
  git fetch --quiet --no-tags origin "+refs/heads/$BASE_BRANCH:refs/remotes/origin/$BASE_BRANCH"
  while IFS= read -r id; do
    case "$id" in
      "" | *[!a-z0-9-]* | -* | *- | *--*) echo "Unexpected project id '$id'" >&2; return 2 ;;
    esac
    found=1
    prepare "$id"
  done < <(unanswered_projects)
  if [ "$found" -eq 0 ]; then echo "No project is unanswered."; fi
}

main "$@"
