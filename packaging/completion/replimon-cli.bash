# bash completion for replimon-cli: its commands, and for each command the options it accepts
# (an option that does not belong to the command is a usage error, so it is not offered).
# Installed as share/bash-completion/completions/replimon-cli, where bash-completion loads it on demand.

_replimon_cli()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=${COMP_WORDS[COMP_CWORD - 1]}
    local commands='get wait download list run rerun history help'
    local common='-p --provider --base-url --api-key --retries -h --help -v --version'
    local valued='-i --interval --input -t --timeout --download -d --dir -n --limit --format --status --model --since --database -p --provider --base-url --api-key --retries'

    # "--option=value" and "-i key=value" reach us split at "=": the word before it, "=" and the value.
    local split=
    if [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
        split=${COMP_WORDS[COMP_CWORD - 2]}
        prev=$split
    elif [[ $cur == = ]]; then
        cur=
    fi

    # The command is the first word that is neither an option nor an option's value.
    local command='' word i
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if [[ $word == -* ]]; then
            if [[ " $valued " == *" $word "* ]]; then
                ((i++))
                [[ ${COMP_WORDS[i]} == = ]] && ((i++))
            fi
            continue
        fi
        if [[ $word == = ]]; then
            ((i++))
            continue
        fi
        command=$word
        break
    done

    # The value of an option.
    case $prev in
        -p | --provider)
            mapfile -t COMPREPLY < <(compgen -W 'quickrouter anyapi replicate custom' -- "$cur")
            return
            ;;
        --format)
            mapfile -t COMPREPLY < <(compgen -W 'table csv json' -- "$cur")
            return
            ;;
        --status)
            # Several are given separated by commas: the last one is completed.
            local done=
            [[ $cur == *,* ]] && done=${cur%,*},
            mapfile -t COMPREPLY < <(compgen -P "$done" -W 'starting processing succeeded failed canceled aborted' -- "${cur##*,}")
            return
            ;;
        --database)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return
            ;;
        -d | --dir | --download)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            return
            ;;
        -i | --input)
            # wait's -i is --interval (seconds); run's and rerun's is --input KEY=VALUE, where a value
            # starting with @ is a file to send.
            if [[ ($command == run || $command == rerun) && $cur == *=@* ]]; then
                compopt -o filenames 2>/dev/null
                local key=${cur%%=@*}=@
                mapfile -t COMPREPLY < <(compgen -f -P "$key" -- "${cur#"$key"}")
            fi
            return
            ;;
        --interval | -t | --timeout | -n | --limit | --model | --since | --base-url | --api-key | --retries)
            return
            ;;
    esac
    if [[ -n $split && $cur == @* && ($command == run || $command == rerun) ]] \
        && [[ ${COMP_WORDS[COMP_CWORD - 3]} == -i || ${COMP_WORDS[COMP_CWORD - 3]} == --input ]]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -P @ -- "${cur#@}")
        return
    fi

    local options
    case $command in
        '')
            if [[ $cur == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "$common" -- "$cur")
            else
                mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
            fi
            return
            ;;
        get) options='--json' ;;
        wait) options='--json -i --interval -t --timeout --download --no-stream' ;;
        download) options='-d --dir' ;;
        list) options='--json -n --limit' ;;
        history) options='--json -n --limit --format --status --model --since --database --demo' ;;
        run | rerun) options='--json -i --input --wait --interval -t --timeout --download --no-stream' ;;
        *) return ;;
    esac
    # Ids and models cannot be guessed: only options are offered.
    [[ $cur == -* ]] && mapfile -t COMPREPLY < <(compgen -W "$options $common" -- "$cur")
}

complete -F _replimon_cli replimon-cli
