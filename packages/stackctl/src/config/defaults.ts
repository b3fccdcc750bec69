// Every default of the configuration, in one place, each with the reason it was chosen.

export const DEFAULTS = {
  /** A service runs in the folder that holds the config file (`cwd: .`). */
  cwd: '.',
  /** Restart after a crash (non-zero exit or a signal), but let a clean `exit 0` stay exited. */
  restart: 'on-failure',
  /** Five restarts within `restart_window`, then the service is `failed`: a crash loop is stopped. */
  maxRestarts: 5,
  /** Long enough to notice a crash loop, short enough that a crash a day never trips the breaker. */
  restartWindow: '60s',
  /**
   * A run without a health check counts as up once it has stayed running this long (pm2's
   * min_uptime): a program that crashes at once is reported as failing, not as started.
   */
  minUptime: '1s',
  /** Docker's number: after a run of 10 s the quick crashes before it are forgotten, the backoff starts over. */
  backoffReset: '10s',
  /** What `docker stop` and most process managers send first; servers treat it as "shut down cleanly". */
  stopSignal: 'SIGTERM',
  /** Time between the stop signal and SIGKILL; matches compose's default. */
  stopTimeout: '10s',
  /** A bare `depends_on` list only waits for the dependency's process to start. */
  dependencyCondition: 'started',
  health: {
    /** Fast enough for a dev loop, slow enough not to load the service. */
    interval: '2s',
    /** Local checks answer in milliseconds; one second means the service is stuck. */
    timeout: '1s',
    /** Three failures in a row before `unhealthy`, so one slow answer does not flap the state. */
    retries: 3,
    /** No grace period unless asked: failures during start-up just keep the state `starting`. */
    startPeriod: '0s',
    /**
     * How long dependents wait for the service to become healthy before they fail: generous, since
     * a dev server's first compile can take a while, and waiting costs nothing while it runs.
     */
    startTimeout: '2m',
    /** A `tcp` check without a host probes the loopback interface. */
    tcpHost: '127.0.0.1',
  },
  logs: {
    /** Big enough for a day of a chatty dev server, small enough to open in an editor. */
    maxSize: '10MB',
    /** The current file and four rotated ones: at most 50 MB per service on disk. */
    maxFiles: 5,
  },
  database: {
    /** Where most SQL-first projects keep their migrations. */
    migrationsDir: './migrations',
    /** The file `stackctl env setup` writes: a URL like postgres://${PGUSER}@… is completed from it. */
    envFile: '.env',
  },
  procfile: {
    /** foreman's numbering: the first process type gets 5000, the next 5100, and so on. */
    basePort: 5000,
    portStep: 100,
    /** Like foreman, a `.env` beside the Procfile is loaded when it exists. */
    envFile: '.env',
  },
} as const;
