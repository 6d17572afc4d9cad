#!/usr/bin/env bash
# The intake workflow's steps: turn a submitted issue form into a pull request, or say what to fix.
#
# Run from the root of a checkout of the default branch, with `pipeline` and `gh` on the PATH, and:
#   ISSUE_NUMBER, ISSUE_BODY, LABELS (space-separated), AUTHOR, AUTHOR_ID, BASE_BRANCH, RUNNER_TEMP.
# The issue's body is untrusted: it reaches `pipeline intake` only as a file, and this script acts only
# on the fields of `pipeline intake --format json` (entry, change, owner_confirmed, message, comment,
# possible_duplicates), never on the issue's text.
#
# Each issue has one branch, intake/issue-N. A later edit of the issue adds a commit on top of it; the
# branch is never force-pushed, and if anyone else has committed to it the script comments instead.
# Pull requests opened with the workflow's token start no `pull_request` runs, so after each push the
# script dispatches the Check on the branch (workflow_dispatch is exempt from that rule): it reports
# its result on the pull request like any other run, and auto-merge waits for it.
set -euo pipefail
shopt -s inherit_errexit

readonly BOT_NAME="github-actions[bot]"
readonly BOT_EMAIL="41898282+github-actions[bot]@users.noreply.github.com"
readonly CHECK_WORKFLOW="check.yml"
readonly BRANCH="intake/issue-${ISSUE_NUMBER:?}"
readonly WORK="${RUNNER_TEMP:?}/intake"

# The `pipeline intake --kind` for the form that made the issue, from its labels.
form_kind() {
  case " $LABELS " in
    *" add-project "*) echo project ;;
    *" add-makerday "*) echo makerday ;;
    *" add-council "*) echo council ;;
    *" update-project "* | *" confirm-project "*) echo update ;;
    *" join-project "*) echo join ;;
    *) echo "None of the labels '$LABELS' is an intake form's" >&2; return 2 ;;
  esac
}

# Field NAME of the intake's JSON answer, as raw text ("" when absent or null).
field() {
  jq -r --arg name "$1" '.[$name] // "" | if type == "string" then . else tojson end' "$WORK/intake.json"
}

comment_on_issue() {
  gh issue comment "$ISSUE_NUMBER" --edit-last --create-if-none --body-file "$1"
}

# Runs `pipeline intake`; exits 0 having commented when the form needs fixing.
read_form() {
  local kind status=0
  kind="$(form_kind)"
  printf '%s' "${ISSUE_BODY:-}" > "$WORK/issue-body.md"
  pipeline intake --issue-body "$WORK/issue-body.md" --kind "$kind" --format json \
    --author "${AUTHOR:?}" --author-id "${AUTHOR_ID:?}" --issue "$ISSUE_NUMBER" \
    > "$WORK/intake.json" || status=$?
  if [ "$status" -gt 1 ]; then exit "$status"; fi
  if [ "$status" -eq 1 ]; then
    # What to fix: the JSON's comment, or the whole output if it is plain text.
    if ! jq -er '.comment | strings' "$WORK/intake.json" > "$WORK/comment.md" 2> /dev/null; then
      cp "$WORK/intake.json" "$WORK/comment.md"
    fi
    comment_on_issue "$WORK/comment.md"
    exit 0
  fi
}

# The entry path the intake wrote, refused unless it is a Markdown file inside content/.
entry_path() {
  local entry
  entry="$(field entry)"
  case "$entry" in
    "") ;;
    /* | *..* | *[!A-Za-z0-9/._-]*) echo "Unexpected entry path '$entry'" >&2; return 2 ;;
    content/*.md) ;;
    *) echo "Unexpected entry path '$entry'" >&2; return 2 ;;
  esac
  printf '%s' "$entry"
}

# Emails of everyone but this workflow who wrote or committed on the branch since it left the base.
other_committers() {
  git log --format='%ae%n%ce' "origin/$BASE_BRANCH..origin/$BRANCH" | sort -u | grep -vxF "$BOT_EMAIL" || true
}

# Puts the new entry on a fresh branch, or on top of the issue's existing branch.
# Prints "created", "updated", "unchanged" or "taken over" (someone else has committed there).
commit_entry() {
  local entry="$1" stale
  git config user.name "$BOT_NAME"
  git config user.email "$BOT_EMAIL"
  if ! git ls-remote --exit-code --heads origin "refs/heads/$BRANCH" > /dev/null; then
    git switch --quiet --force-create "$BRANCH"
    git add -- "$entry"
    git commit --quiet --file "$WORK/message.txt"
    echo created
    return
  fi
  git fetch --quiet --no-tags origin \
    "+refs/heads/$BRANCH:refs/remotes/origin/$BRANCH" "+refs/heads/$BASE_BRANCH:refs/remotes/origin/$BASE_BRANCH"
  if [ -n "$(other_committers)" ]; then
    echo "taken over"
    return
  fi
  cp -- "$entry" "$WORK/entry.md"
  git reset --quiet --hard
  git clean --quiet --force -- "$entry"
  git switch --quiet --force-create "$BRANCH" "origin/$BRANCH"
  # A file an earlier version of the issue made (say, under an old title) goes back to the base.
  while IFS= read -r stale; do
    if [ "$stale" = "$entry" ]; then continue; fi
    if git cat-file -e "origin/$BASE_BRANCH:$stale" 2> /dev/null; then
      git checkout --quiet "origin/$BASE_BRANCH" -- "$stale"
    else
      git rm --quiet -- "$stale"
    fi
  done < <(git diff --name-only "origin/$BASE_BRANCH...HEAD")
  mkdir -p -- "$(dirname -- "$entry")"
  cp -- "$WORK/entry.md" "$entry"
  git add -- "$entry"
  if git diff --cached --quiet; then
    echo unchanged
    return
  fi
  git commit --quiet --file "$WORK/message.txt"
  echo updated
}

# Open reminder issues about the project, found by the hidden marker at the start of their bodies.
reminder_issues() {
  local project_id="$1"
  gh issue list --label review-reminder --state open --search "\"pipeline-reminder: $project_id\" in:body" \
    --json number,body \
    | jq -r --arg marker "<!-- pipeline-reminder: $project_id -->" \
      '.[] | select(.body | ltrimstr("\n") | ltrimstr(" ") | startswith($marker)) | .number'
}

# The pull request's body: the commit message's, the issues it closes, and possible duplicates.
write_pr_body() {
  local entry="$1" change="$2" number
  {
    tail -n +3 "$WORK/message.txt"
    if ! grep -qxF "Closes #$ISSUE_NUMBER" "$WORK/message.txt"; then printf '\nCloses #%s\n' "$ISSUE_NUMBER"; fi
    if [ "$change" = confirm ] || [ "$change" = update ]; then
      for number in $(reminder_issues "$(basename -- "$entry" .md)"); do
        printf 'Closes #%s (the reminder to review this project)\n' "$number"
      done
    fi
    jq -r '
      def md: gsub("(?<c>[\\\\`*_{}\\[\\]<>()#+!|~])"; "\\\(.c)");
      (.possible_duplicates // []) as $found
      | if ($found | length) == 0 then empty else
          "\n## Possible duplicates\n\nThese projects look similar; the council may prefer to join one instead:\n",
          ($found[] | "- \(.title | md) (\(.lead_council_name // .lead_council | md)"
            + (if .phase then ", \(.phase | md)" else "" end) + ")")
        end' "$WORK/intake.json"
  } > "$WORK/pr-body.md"
}

# Opens the pull request, or finds the open one; prints its number.
open_pull_request() {
  local number
  number="$(gh pr view "$BRANCH" --json number,state 2> /dev/null | jq -r 'select(.state == "OPEN") | .number' || true)"
  if [ -n "$number" ]; then
    gh pr edit "$BRANCH" --body-file "$WORK/pr-body.md" > /dev/null
    echo "updated"
  else
    gh pr create --base "$BASE_BRANCH" --head "$BRANCH" \
      --title "$(head -n 1 "$WORK/message.txt")" --body-file "$WORK/pr-body.md" > /dev/null
    echo "opened"
  fi
}

main() {
  local entry change outcome pull_request note
  mkdir -p "$WORK"
  read_form
  entry="$(entry_path)"
  change="$(field change)"
  field comment > "$WORK/comment.md"
  if [ -z "$entry" ]; then
    if [ -s "$WORK/comment.md" ]; then comment_on_issue "$WORK/comment.md"; fi
    return
  fi
  field message > "$WORK/message.txt"
  outcome="$(commit_entry "$entry")"
  case "$outcome" in
    "taken over")
      note="A maintainer has already changed the pull request for this issue, so your edit has not been added to it. They will see this comment and bring in what you changed."
      ;;
    unchanged)
      note="Your edit makes no difference to the pull request for this issue, so it is unchanged."
      ;;
    *)
      gh auth setup-git
      git push --quiet origin "HEAD:refs/heads/$BRANCH"
      gh workflow run "$CHECK_WORKFLOW" --ref "$BRANCH"
      write_pr_body "$entry" "$change"
      pull_request="$(open_pull_request)"
      if [ "$(field owner_confirmed)" = true ]; then
        gh pr edit "$BRANCH" --add-label owner-confirmed > /dev/null
        gh pr merge "$BRANCH" --auto --squash
        note="Thank you. As one of the project's owners, your change will be published as soon as its checks pass."
      elif [ "$pull_request" = opened ]; then
        note="Thank you: this is now a pull request, which a maintainer will review. This issue closes when the change is published."
      else
        note="Thank you: the pull request for this issue now includes your edit."
      fi
      ;;
  esac
  printf '\n\n%s\n' "$note" >> "$WORK/comment.md"
  comment_on_issue "$WORK/comment.md"
}

main "$@"
