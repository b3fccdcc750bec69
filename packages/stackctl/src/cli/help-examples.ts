// The `Examples:` blocks shown after each command's --help.

export const HELP_EXAMPLES = {
  up: `
Examples:
  $ stackctl up                 start every service, show all output here
  $ stackctl up api             start api and what it depends on
  $ stackctl up --timestamps    prefix every line with the time
  $ stackctl -c ./dev/stackctl.yaml up

Press Ctrl+C once to stop everything gracefully, twice to kill at once.
Other terminals reach this stack with status, logs, restart and stop.`,
  start: `
Examples:
  $ stackctl start              start every service in the background, wait until healthy
  $ stackctl start api          start api and what it depends on
  $ stackctl start --no-wait    return at once; follow with \`stackctl status --watch\`
  $ stackctl --json start       print the outcome as JSON

Exits 1 when a service fails to start, after printing the last 20 lines of its log.`,
  stop: `
Examples:
  $ stackctl stop               stop every service, then the daemon
  $ stackctl stop worker        stop one service; the rest keeps running
  $ stackctl stop api worker    stop several (dependents first)

Without a daemon, stop reads .stackctl/run/ and signals only processes whose
fingerprint (pid + start time) still matches.`,
  restart: `
Examples:
  $ stackctl restart api                    restart api; services depending on it keep running
  $ stackctl restart api --with-dependents  restart api and everything depending on it
  $ stackctl restart                        restart every service`,
  status: `
Examples:
  $ stackctl status             one table of every service
  $ stackctl status --watch     refresh in place every second
  $ stackctl --json status      the status as JSON (see DESIGN.md "status --json")`,
  logs: `
Examples:
  $ stackctl logs               the last 100 lines of every service, merged in time order
  $ stackctl logs api -f        follow api's output
  $ stackctl logs -n 20 worker  the last 20 lines of worker
  $ stackctl logs --since 10m --grep 'error|warn'
  $ stackctl --json logs api    one JSON object a line`,
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
} as const;
