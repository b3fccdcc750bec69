// Which PostgreSQL errors are a lost connection (E_DATABASE_UNREACHABLE) and which a failed statement, by SQLSTATE class and severity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPostgresError } from '../../../src/project/db/postgres-error-class.js';

describe('classifyPostgresError', () => {
  it.each([
    // class 08: connection exception
    ['08000', 'ERROR', 'connection-lost'],
    ['08003', 'ERROR', 'connection-lost'],
    ['08006', 'ERROR', 'connection-lost'],
    ['08001', 'ERROR', 'connection-lost'],
    ['08004', 'FATAL', 'connection-lost'],
    ['08P01', 'FATAL', 'connection-lost'],
    // class 57: operator intervention
    ['57000', 'ERROR', 'connection-lost'],
    ['57P01', 'FATAL', 'connection-lost'], // pg_terminate_backend, fast shutdown
    ['57P02', 'FATAL', 'connection-lost'], // crash of another backend
    ['57P03', 'FATAL', 'connection-lost'], // the server is starting up or shutting down
    ['57p01', 'FATAL', 'connection-lost'],
    // 57014: the statement was cancelled (statement_timeout), the session goes on
    ['57014', 'ERROR', 'statement-failed'],
    // any FATAL or PANIC ends the session, whatever its class
    ['XX000', 'FATAL', 'connection-lost'],
    ['53300', 'FATAL', 'connection-lost'], // too many connections
    ['XX000', 'PANIC', 'connection-lost'],
    // errors about the statement: as they are
    ['42P01', 'ERROR', 'statement-failed'], // undefined table
    ['42601', 'ERROR', 'statement-failed'], // syntax error
    ['23505', 'ERROR', 'statement-failed'], // unique violation
    ['40001', 'ERROR', 'statement-failed'], // serialization failure
    ['40P01', 'ERROR', 'statement-failed'], // deadlock
    ['22012', 'ERROR', 'statement-failed'], // division by zero
    ['55P03', 'ERROR', 'statement-failed'], // lock not available
    ['XX000', 'ERROR', 'statement-failed'],
  ] as const)('%s with severity %s: %s', (code, severity, kind) => {
    expect(classifyPostgresError({ code, severity })).toBe(kind);
  });

  it('reads missing fields as a failed statement', () => {
    expect(classifyPostgresError({})).toBe('statement-failed');
    expect(classifyPostgresError({ severity: 'ERROR' })).toBe('statement-failed');
    expect(classifyPostgresError({ code: '08006' })).toBe('connection-lost');
  });

  it('decides by the class alone for an ERROR: every 08xxx and 57xxx but 57014 is a lost connection, no other class is', () => {
    const sqlstateChar = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const code = fc.tuple(sqlstateChar, sqlstateChar, sqlstateChar, sqlstateChar, sqlstateChar).map((chars) => chars.join(''));
    fc.assert(
      fc.property(code, (sqlstate) => {
        const expected = (sqlstate.startsWith('08') || sqlstate.startsWith('57')) && sqlstate !== '57014' ? 'connection-lost' : 'statement-failed';
        expect(classifyPostgresError({ code: sqlstate, severity: 'ERROR' })).toBe(expected);
        expect(classifyPostgresError({ code: sqlstate, severity: 'FATAL' })).toBe('connection-lost');
      }),
      { numRuns: 2000 },
    );
  });
});
