#!/bin/zsh -f
# zsh-complete.zsh COMPLETION_DIR LINE: prints what zsh completes for LINE<TAB>, sorted, one a line.
# An interactive zsh in a pseudo-terminal loads the completion from COMPLETION_DIR with compinit, the
# line is typed with a TAB, and compadd is wrapped to write down every match the completion adds.
zmodload zsh/zpty || exit 77
dir=$1
line=$2
work=$(mktemp -d) || exit 1
trap 'zpty -d complete 2>/dev/null; rm -rf $work' EXIT

cat >$work/setup.zsh <<SETUP
fpath=(${(q)dir} \$fpath)
autoload -U compinit
compinit -u -D -d $work/zcompdump
compadd() {
    # Calls that only ask (-O, -A) or filter (-D) add nothing.
    if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then
        builtin compadd "\$@"
        return
    fi
    local -a added
    builtin compadd -A added "\$@"
    (( \$#added )) && print -rl -- \$added >>$work/matches
    builtin compadd "\$@"
}
PROMPT='ready> '
SETUP

# wait_for FILE: up to 10 s.
wait_for() {
    repeat 100; do
        [[ -f $1 ]] && return 0
        sleep 0.1
    done
    print -u2 "zsh-complete: the shell did not get to $1:t"
    exit 1
}

zpty complete zsh -f -i
# Typed only once the shell shows its prompt: zsh drops what is typed before its line editor starts.
zpty -w complete "source $work/setup.zsh"
zpty -r -m complete output '*ready> ' || { print -u2 "zsh-complete: no prompt"; exit 1; }
# The line, TAB, then Ctrl-U so that nothing runs; then a command that says the completion has ended.
zpty -w -n complete "$line"$'\t\x15'
zpty -w complete "print -r done >$work/done"
wait_for $work/done
[[ -f $work/matches ]] && sort -u $work/matches
exit 0
