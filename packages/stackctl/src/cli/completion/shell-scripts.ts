// The completion scripts for bash, zsh and fish; each asks `stackctl __complete -- <words…>` for the candidates.

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(shell: Shell): string {
  return SCRIPTS[shell];
}

const SCRIPTS: Record<Shell, string> = {
  bash: `# stackctl completion for bash. Load it with: source <(stackctl completion bash)
# or save it: stackctl completion bash > ~/.local/share/bash-completion/completions/stackctl
_stackctl_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  local candidates
  candidates=$(stackctl __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  COMPREPLY=()
  if [ -n "$candidates" ]; then
    COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
  fi
}
complete -o default -F _stackctl_complete stackctl
`,
  zsh: `#compdef stackctl
# stackctl completion for zsh. Load it with: source <(stackctl completion zsh)
# or save it as _stackctl in a folder of your $fpath.
_stackctl() {
  local -a candidates
  candidates=("\${(@f)$(stackctl __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=("\${(@)candidates:#}")
  if (( \${#candidates} )); then
    compadd -- "\${candidates[@]}"
  else
    _files
  fi
}
if [ "$funcstack[1]" = "_stackctl" ]; then
  _stackctl "$@"
else
  compdef _stackctl stackctl
fi
`,
  fish: `# stackctl completion for fish. Load it with: stackctl completion fish | source
# or save it: stackctl completion fish > ~/.config/fish/completions/stackctl.fish
function __stackctl_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    stackctl __complete -- $words[2..-1] "$current" 2>/dev/null
end
complete -c stackctl -f -a '(__stackctl_complete)'
`,
};
