// The `Examples:` blocks shown after each command's --help.

export const HELP_EXAMPLES = {
  up: `
Examples:
  $ stackctl up                 start every service, show all output here
  $ stackctl up api             start api and what it depends on
  $ stackctl up --timestamps    prefix every line with the time
  $ stackctl up --separate-terminals           a tab per service (tmux, VS Code, …); events here
  $ stackctl up --separate-terminals --terminal tmux
  $ stackctl up --use-ide-terminal api         api in this terminal, the rest in the background
  $ stackctl -c ./dev/stackctl.yaml up

Press Ctrl+C once to stop everything gracefully, twice to kill at once.
Other terminals reach this stack with status, logs, restart and stop.`,
  start: `
Examples:
  $ stackctl start              start every service in the background, wait until healthy
  $ stackctl start api          start api and what it depends on
  $ stackctl start --no-wait    return at once; follow with \`stackctl status --watch\`
  $ stackctl --json start       print the outcome as JSON
  $ stackctl start api --adopt  api's port is held by a server started by hand: track that one
  $ stackctl start api --replace --yes   stop that server, then start api
  $ stackctl start --separate-terminals  and open a tab per service following its output

Exits 1 when a service fails to start, after printing the last 20 lines of its log;
error[E_PORT_IN_USE] names the process holding a declared port.`,
  stop: `
Examples:
  $ stackctl stop               stop every service, then the daemon
  $ stackctl stop worker        stop one service; the rest keeps running
  $ stackctl stop api worker    stop several (dependents first)

Windows and sessions opened by --separate-terminals (tmux) are closed too.

Without a daemon, stop reads .stackctl/run/ and signals only processes whose
fingerprint (pid + start time) still matches.`,
  restart: `
Examples:
  $ stackctl restart api                    restart api; services depending on it keep running
  $ stackctl restart api --with-dependents  restart api and everything depending on it
  $ stackctl restart                        restart every service
  $ stackctl restart api --separate-terminals   and open a tab following api's output`,
  status: `
Examples:
  $ stackctl status             one table of every service
  $ stackctl status --watch     refresh in place every second
  $ stackctl --json status      the status as JSON: {"project", "services": [{"name", "state", "pid", …}]}`,
  logs: `
Examples:
  $ stackctl logs               the last 100 lines of every service, merged in time order
  $ stackctl logs api -f        follow api's output
  $ stackctl logs -n 20 worker  the last 20 lines of worker
  $ stackctl logs --since 10m --grep 'error|warn'
  $ stackctl --json logs api    one JSON object a line`,
  run: `
Examples:
  $ stackctl run api            api here, with this terminal's stdin/stdout (debugger, prompts)
  $ stackctl up --use-ide-terminal api      the same, and the rest of the stack in the background

Its dependencies start in the background first. It shows in \`stackctl status\` as
"managed (attached)", is health-checked and stopped by \`stackctl stop api\`; it is not
restarted, and its output stays in this terminal. Ctrl+C stops only it; stackctl exits
with its exit code.`,
  attach: `
Examples:
  $ stackctl start --separate-terminals --terminal tmux
  $ stackctl attach api         inside tmux: switch to api's window; outside: attach to it

Only tmux windows can be attached to; other terminals' tabs are found in the terminal itself.`,
  daemon: `
Examples:
  $ stackctl daemon status      is a daemon running, since when, on which socket
  $ stackctl daemon stop        stop the daemon only; services keep running`,
  daemonStatus: `
Examples:
  $ stackctl daemon status          pid, uptime, socket and log of whoever serves the project
  $ stackctl --json daemon status   {"running", "host": "daemon"|"up"|"none", "pid", ...}`,
  daemonStop: `
Examples:
  $ stackctl daemon stop        the services keep running; the next command re-adopts them
  $ stackctl stop               stops the services too, then the daemon`,
  env: `
Examples:
  $ stackctl env setup                  create .env from .env.example, asking for each value
  $ stackctl env setup --yes --set API_KEY=abc   non-interactive: example defaults + given values
  $ stackctl env show                   values, secrets masked (--reveal to show them)
  $ stackctl env check                  exit 1 when a key is missing, empty or not its @type
  $ stackctl env set LOG_LEVEL=debug    edit in place (comments, order, quoting kept)
  $ stackctl env unset LOG_LEVEL
  $ stackctl env diff --service api     api's env_file against its .example

Annotations in .env.example comments above a key: @secret, @generate (random secret),
@type url|int|bool|port|email. Files are written atomically with mode 0600.`,
  export: `
Examples:
  $ stackctl export systemd --out ~/.config/systemd/user   one unit per service
  $ stackctl export pm2 > ecosystem.config.js
  $ stackctl export compose --out .                         compose.yaml (node:20, project mounted)
  $ stackctl export procfile

What does not translate is listed on stderr (e.g. health checks for systemd and pm2).`,
  init: `
Examples:
  $ stackctl init               detect the services and write stackctl.yaml
  $ stackctl init --dry-run     print what would be written
  $ stackctl init --force       overwrite an existing stackctl.yaml
  $ stackctl --json init --dry-run   the detected services as JSON

Recognises package.json dev/start scripts (root, workspaces, apps/*, packages/*, web, api, …)
with Vite, Next.js, Nuxt, Remix/React Router, Astro, NestJS, Express, Fastify; FastAPI, Django
and Flask; a Procfile. Databases in a compose file are listed as comments (not run).`,
  completion: `
Install it (the line in your shell's startup file loads it in every new shell):
  $ source <(stackctl completion bash)          in ~/.bashrc
  $ source <(stackctl completion zsh)           in ~/.zshrc (after compinit)
  $ stackctl completion fish | source           in ~/.config/fish/config.fish
  $ stackctl completion bash > ~/.local/share/bash-completion/completions/stackctl
                                                or save it once (zsh: as _stackctl in your $fpath)

Through npx (no stackctl on PATH): generate it the same way with \`npx stackctl\`,
e.g. \`source <(npx stackctl completion bash)\` run in the project. The script then
runs this very install by its absolute path (node + bin/stackctl.cjs), and, where
no stackctl command exists, defines \`stackctl\` as a shell function running it:
\`stackctl logs <TAB>\` works without npx. Generate it again after moving the clone.

Completes commands, flags and the service names of the nearest config.`,
} as const;
