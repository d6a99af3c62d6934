import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { EventBroadcaster } from '../../src/record/index.js';
import type { RecordDiagnostic } from '../../src/record/index.js';
import { CoreV1EventSink } from '../../src/sink/index.js';
import type { EventSink, SinkError } from '../../src/sink/index.js';
import { toSinkError } from '../../src/sink/internal/client-node-errors.js';
import type { FakeFault } from '../../src/testing/index.js';
import { useFakeApiServer, waitFor } from '../testing/support.js';
import { pod } from './helpers.js';

const ctx = useFakeApiServer();

/** Sentences joined to a message that already ends with a period ("…user.."), or a sentence ending twice. */
const doubledPeriod = /\.\.(\s|$|\))/;

describe('no message ends a sentence twice', () => {
  const faults: [string, FakeFault][] = [
    ['401', { status: 401 }],
    ['403', { status: 403 }],
    ['404 on create', { status: 404 }],
    ['409 AlreadyExists', { status: 409, reason: 'AlreadyExists' }],
    ['422', { status: 422 }],
    ['a server message ending with a period', { status: 400, message: 'the request is bad.' }],
    ['a dropped connection', { drop: true }],
  ];
  it.each(faults)('a write failed with %s', async (_, fault) => {
    ctx.server.faults.rate(1, fault);
    const broadcaster = new EventBroadcaster();
    const diagnostics: RecordDiagnostic[] = [];
    broadcaster.diagnostics$.subscribe((d) => diagnostics.push(d));
    broadcaster.startRecordingToSink(new CoreV1EventSink(ctx.server.kubeConfig), { retry: { maxAttempts: 1 } });
    broadcaster.newRecorder({ component: 'c' }).event(pod, 'Normal', 'Started', 'm');
    await broadcaster.shutdown();

    const failed = diagnostics.filter((d) => d.code === 'event-write-failed');
    expect(failed).toHaveLength(1);
    for (const d of failed) {
      expect(d.message).not.toMatch(doubledPeriod);
      expect((d.cause as SinkError).message).not.toMatch(doubledPeriod);
      expect(d.message).toMatch(/[.!?]$/);
    }
  });

  it('a write abandoned at shutdown, with its last error', async () => {
    ctx.server.faults.rate(1, { status: 503, retryAfterSeconds: 60 });
    const broadcaster = new EventBroadcaster();
    const diagnostics: RecordDiagnostic[] = [];
    broadcaster.diagnostics$.subscribe((d) => diagnostics.push(d));
    const real = new CoreV1EventSink(ctx.server.kubeConfig);
    const rejected: unknown[] = [];
    const sink: EventSink = {
      create: (event) =>
        real.create(event).catch((err: unknown) => {
          rejected.push(err);
          throw err;
        }),
      patch: (event, patch) => real.patch(event, patch),
      update: (event) => real.update(event),
    };
    broadcaster.startRecordingToSink(sink);
    broadcaster.newRecorder({ component: 'c' }).event(pod, 'Normal', 'Started', 'm');
    // The first answer has come back, so the abandoned write has a last error to tell.
    await waitFor(() => rejected.length === 1);
    await broadcaster.shutdown({ timeoutMs: 0 });

    const abandoned = diagnostics.filter((d) => d.code === 'event-write-abandoned');
    expect(abandoned).toHaveLength(1);
    expect(abandoned[0]?.message).toContain('last error');
    expect(abandoned[0]?.message).not.toMatch(doubledPeriod);
  });

  it('a request that could not be sent, whose error ends with a period', () => {
    const error = toSinkError(new Error('Invalid body.'), { verb: 'create', namespace: 'a', name: 'b' }, () => 0);
    expect(error.message).not.toMatch(doubledPeriod);
  });

  it('a status whose raw body ends with a period', () => {
    const error = toSinkError(
      new ApiException(502, 'Bad Gateway', 'upstream failed.', {}),
      { verb: 'patch', namespace: 'a', name: 'b' },
      () => 0,
    );
    expect(error.message).toContain('upstream failed');
    expect(error.message).not.toMatch(doubledPeriod);
  });
});
