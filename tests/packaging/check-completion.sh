#!/bin/bash
# check-completion.sh bash|zsh|cli COMPLETION_DIR [REPLIMON_CLI]: checks replimon-cli's shell completion
# (packaging/completion).
#   bash: sources the script in a clean bash and calls its completion function as bash would, with
#         COMP_WORDS and COMP_CWORD set, and compares what it suggests;
#   zsh:  the script parses (zsh -n) and, loaded by compinit in an interactive zsh, completes what it
#         should (tests/packaging/zsh-complete.zsh types the line and a TAB);
#   cli:  every command in `replimon-cli --help` is completed, and for each command bash and zsh offer
#         exactly the options of --help that replimon-cli accepts with it (the others it refuses as "does
#         not apply"), so a new command or option without completion fails here.
set -u
mode=$1
dir=$2
cli=${3:-}
bash_script=$dir/replimon-cli.bash
zsh_script=$dir/_replimon-cli
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# joined: lines joined by spaces, sorted (not xargs: its echo would take "-n" or "--help" for itself).
joined() { grep -v '^$' | sort | paste -sd ' ' -; }

# bcomplete WORD…: what the bash completion suggests for a command line whose last word is being typed,
# sorted and joined by spaces.
bcomplete() {
    bash --norc --noprofile -c '
        . "$1" || exit 1
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        _replimon_cli replimon-cli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' complete "$bash_script" replimon-cli "$@" 2>&1 | joined
}

# expect "LINE" "SUGGESTION…": the suggestions for replimon-cli LINE<TAB> are exactly these. LINE is split
# at spaces; bash splits at "=" too, so "--provider=any" is written "--provider = any".
expect() {
    local got wanted words
    read -ra words <<<"$1"
    [[ -z $1 || $1 == *' ' ]] && words+=("")
    got=$(bcomplete "${words[@]}")
    # shellcheck disable=SC2086
    wanted=$(printf '%s\n' $2 | joined)
    [ "$got" = "$wanted" ] || fail "'replimon-cli $1<TAB>' suggests '$got', not '$wanted'"
}

# zcomplete LINE: what zsh completes for replimon-cli LINE<TAB> (tests/packaging/zsh-complete.zsh).
zcomplete() { zsh -f "$(dirname "$0")/zsh-complete.zsh" "$dir" "replimon-cli $1" | joined; }
# zexpect "LINE" "SUGGESTION…": zsh suggests exactly these.
zexpect() {
    local got wanted
    got=$(zcomplete "$1")
    # shellcheck disable=SC2086
    wanted=$(printf '%s\n' $2 | joined)
    [ "$got" = "$wanted" ] || fail "zsh: 'replimon-cli $1<TAB>' suggests '$got', not '$wanted'"
}

# The commands and options `replimon-cli --help` names.
help_commands() { "$cli" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p'; }
help_options() { "$cli" --help | sed -n '/^Options:/,/^$/p' | grep -o '^  -[^<]*' | sed 's/,/ /g' | tr -s ' ' '\n' | joined; }

case $mode in
bash)
    [ -f "$bash_script" ] || { echo "FAIL: $bash_script is missing" >&2; exit 1; }
    expect "" "get wait download list run rerun history help"
    expect "re" "rerun"
    expect "--" "--provider --base-url --api-key --retries --help --version"
    expect "download --" "--dir --provider --base-url --api-key --retries --help --version"
    expect "list -" "--json -n --limit -p --provider --base-url --api-key --retries -h --help -v --version"
    expect "wait ID --t" "--timeout"
    expect "run owner/name --w" "--wait"
    expect "get --provider " "quickrouter anyapi replicate custom"
    expect "--provider any" "anyapi"
    expect "--provider = any" "anyapi"
    expect "--provider = " "quickrouter anyapi replicate custom"
    # The command is found after options and their values; ids and numbers are not guessed.
    expect "--provider anyapi li" "list"
    expect "--retries 2 --api-key k wa" "wait"
    expect "get " ""
    expect "wait -i " ""
    expect "list --limit " ""
    expect "history --" "--json --limit --format --status --model --since --database --demo --provider --base-url --api-key --retries --help --version"
    expect "history --format " "table csv json"
    expect "history --format c" "csv"
    expect "history --since " ""
    expect "history --model " ""
    expect "history --status suc" "succeeded"
    expect "history --status failed,ca" "failed,canceled"
    # Folders for --dir and --download, files for -i KEY=@FILE.
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    mkdir "$work/outputs" "$work/other"
    : >"$work/photo.png"
    expect "download --dir $work/ou" "$work/outputs"
    expect "wait ID --download $work/" "$work/outputs $work/other"
    expect "run owner/name -i image = @$work/ph" "@$work/photo.png"
    expect "rerun ID --input image = @$work/ph" "@$work/photo.png"
    expect "wait ID -i = @$work/ph" ""
    ;;
zsh)
    [ -f "$zsh_script" ] || { echo "FAIL: $zsh_script is missing" >&2; exit 1; }
    command -v zsh >/dev/null || { echo "SKIP: zsh is not installed (packaging/dev.sh deps installs it)"; exit 77; }
    zsh -n "$zsh_script" || fail "$zsh_script does not parse"
    head -n 1 "$zsh_script" | grep -qx '#compdef replimon-cli' || fail "$zsh_script is not a #compdef for replimon-cli"
    zexpect "" "get wait download list run rerun history help"
    zexpect "re" "rerun"
    zexpect "download -" "-d --dir -p --provider --base-url --api-key --retries -h --help -v --version"
    zexpect "wait ID --t" "--timeout"
    zexpect "run owner/name --w" "--wait"
    zexpect "--provider " "quickrouter anyapi replicate custom"
    zexpect "--retries 2 li" "list"
    zexpect "history --format " "table csv json"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    mkdir "$work/outputs" "$work/other"
    zexpect "download --dir $work/ou" "outputs"
    ;;
cli)
    [ -x "$cli" ] || { echo "FAIL: $cli is not built" >&2; exit 1; }
    commands=$(help_commands | paste -sd ' ' -)
    [ -n "$commands" ] || fail "no commands found in replimon-cli --help"
    # The same commands as replimon-cli names when none is given.
    named=$("$cli" 2>&1 </dev/null | sed -n 's/.*No command given: use \(.*\)\./\1/p' | sed 's/,\| or / /g' | tr ' ' '\n' | joined)
    [ "$named" = "$(echo "$commands" | tr ' ' '\n' | joined)" ] \
        || fail "replimon-cli --help lists '$commands' but without a command it names '$named'"
    suggested=" $(bcomplete "") "
    for command in $commands; do
        [[ $suggested == *" $command "* ]] || fail "bash does not complete the command $command"
    done
    if command -v zsh >/dev/null; then
        zsuggested=" $(zcomplete "") "
        for command in $commands; do
            [[ $zsuggested == *" $command "* ]] || fail "zsh does not complete the command $command"
        done
    fi
    # For each command, each option of --help: offered by bash exactly when replimon-cli accepts it
    # there. Nothing is sent: the address is a closed local port and no retries are made.
    value() {
        case $1 in
            -i | --interval | -t | --timeout | -n | --limit) echo 1 ;;
            --input) echo a=1 ;;
            -d | --dir | --download) echo "$work/out" ;;
            -p | --provider) echo custom ;;
            --base-url) echo http://127.0.0.1:9/v1 ;;
            --api-key) echo key ;;
            --retries) echo 0 ;;
            --status) echo failed ;;
            --database) echo "$work/none.sqlite" ;;
            --format) echo csv ;;
            --model) echo flux-dev ;;
            --since) echo 2025-07-12 ;;
        esac
    }
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    checked=0
    for command in $commands; do
        offered=" $(bcomplete "$command" -) "
        for option in $(help_options); do
            # shellcheck disable=SC2046
            message=$(REPLIMON_BASE_URL=http://127.0.0.1:9/v1 REPLIMON_API_KEY='' REPLICATE_API_TOKEN='' \
                timeout 30 "$cli" "$command" "$option" $(value "$option") --retries 0 </dev/null 2>&1 >/dev/null)
            checked=$((checked + 1))
            if [[ $message == *"does not apply to $command"* ]]; then
                [[ $offered != *" $option "* ]] || fail "bash offers $option for $command, which refuses it: $message"
            else
                [[ $offered == *" $option "* ]] || fail "bash does not offer $option for $command, which takes it"
            fi
        done
        # zsh offers each command the same options as bash.
        if command -v zsh >/dev/null; then
            zoffered=" $(zcomplete "$command -") "
            [ "$zoffered" = "$offered" ] || fail "for $command, zsh offers '$zoffered' and bash '$offered'"
        fi
    done
    echo "$checked command and option pairs agree with replimon-cli (commands: $commands)"
    ;;
*)
    echo "usage: $0 bash|zsh|cli COMPLETION_DIR [REPLIMON_CLI]" >&2
    exit 2
    ;;
esac

[ "$failures" -eq 0 ] || exit 1
echo "replimon-cli $mode completion: ok"
