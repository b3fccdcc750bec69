// The completion scripts for bash, zsh and fish; each asks `stackctl __complete -- <words…>` for the candidates.
import { quotePosix } from '../../terminals/shell-quote.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** The stackctl that generated the script: run as `<node> <script>` where no `stackctl` is on PATH (an npx install). */
export interface CompletionSelf {
  /** Absolute path of the node binary. */
  readonly node: string;
  /** Absolute path of bin/stackctl.cjs. */
  readonly script: string;
}

/**
 * The script for `shell`. With `self`, the callbacks run `stackctl` from PATH when there is one,
 * else `self`; and when the script is loaded where no `stackctl` command exists, it defines one (a
 * shell function running `self`), so that `npx` users get both the command and its completion.
 */
export function completionScript(shell: Shell, self?: CompletionSelf): string {
  const run = self === undefined ? null : `${quotePosix(self.node)} ${quotePosix(self.script)}`;
  return SCRIPTS[shell](run);
}

const SCRIPTS: Record<Shell, (run: string | null) => string> = {
  bash: (run) => `# stackctl completion for bash. Load it with: source <(stackctl completion bash)
# or save it: stackctl completion bash > ~/.local/share/bash-completion/completions/stackctl
${
  run === null
    ? `_stackctl_run() { command stackctl "$@"; }`
    : `# Without a stackctl on PATH (npx), the one that wrote this script runs, also as the command \`stackctl\`.
_stackctl_run() {
  if type -P stackctl >/dev/null 2>&1; then command stackctl "$@"; else ${run} "$@"; fi
}
if ! type stackctl >/dev/null 2>&1; then
  stackctl() { ${run} "$@"; }
fi`
}
_stackctl_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  local candidates
  candidates=$(_stackctl_run __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  COMPREPLY=()
  if [ -n "$candidates" ]; then
    COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
  fi
}
complete -o default -F _stackctl_complete stackctl
`,
  zsh: (run) => `#compdef stackctl
# stackctl completion for zsh. Load it with: source <(stackctl completion zsh)
# or save it as _stackctl in a folder of your $fpath.
${
  run === null
    ? `_stackctl_run() { command stackctl "$@"; }`
    : `# Without a stackctl on PATH (npx), the one that wrote this script runs, also as the command \`stackctl\`.
_stackctl_run() {
  if (( $+commands[stackctl] )); then command stackctl "$@"; else ${run} "$@"; fi
}
if (( ! $+commands[stackctl] && ! $+functions[stackctl] && ! $+aliases[stackctl] )); then
  stackctl() { ${run} "$@"; }
fi`
}
_stackctl() {
  local -a candidates
  candidates=("\${(@f)$(_stackctl_run __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
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
  fish: (run) => `# stackctl completion for fish. Load it with: stackctl completion fish | source
# or save it: stackctl completion fish > ~/.config/fish/completions/stackctl.fish
${
  run === null
    ? `function __stackctl_run
    command stackctl $argv
end`
    : `# Without a stackctl on PATH (npx), the one that wrote this script runs, also as the command \`stackctl\`.
function __stackctl_run
    if command -q stackctl
        command stackctl $argv
    else
        ${run} $argv
    end
end
if not command -q stackctl; and not functions -q stackctl
    function stackctl
        ${run} $argv
    end
end`
}
function __stackctl_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    __stackctl_run __complete -- $words[2..-1] "$current" 2>/dev/null
end
complete -c stackctl -f -a '(__stackctl_complete)'
`,
};
