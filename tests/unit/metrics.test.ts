import { Metrics, operationName } from '../../src/observability/metrics';

describe('operationName', () => {
  it.each([
    [undefined, 'anonymous'],
    [null, 'anonymous'],
    ['', 'anonymous'],
    ['ConditionPage', 'ConditionPage'],
    ['with_digits_42', 'with_digits_42'],
    ['a'.repeat(64), 'a'.repeat(64)],
    ['a'.repeat(65), 'other'],
    ['Bad-Name', 'other'],
    ['x"} 1\nevil{', 'other'],
  ])('turns %p into %p', (name, expected) => {
    expect(operationName(name)).toBe(expected);
  });
});

describe('Metrics', () => {
  const observe = (metrics: Metrics, operation: string) =>
    metrics.observe({ operation, outcome: 'ok', codes: [], seconds: 0.01, roundTrips: 1 });

  it('counts at most 200 distinct operations; later new names count as other', async () => {
    const metrics = new Metrics();
    for (let i = 0; i < 250; i++) observe(metrics, `Op${i}`);
    observe(metrics, 'Op0');
    const text = await metrics.text();
    const counted = text.split('\n').filter((l) => l.startsWith('ontology_requests_total{'));
    expect(counted).toHaveLength(201);
    expect(text).toContain('ontology_requests_total{operation="Op0",outcome="ok"} 2');
    expect(text).toContain('ontology_requests_total{operation="Op199",outcome="ok"} 1');
    expect(text).not.toContain('operation="Op200"');
    expect(text).toContain('ontology_requests_total{operation="other",outcome="ok"} 50');
  });

  it('counts each error code of a request once', async () => {
    const metrics = new Metrics();
    metrics.observe({
      operation: 'Q',
      outcome: 'client_error',
      codes: ['NOT_FOUND', 'NOT_FOUND', 'BAD_USER_INPUT'],
      seconds: 0.02,
      roundTrips: 0,
    });
    const text = await metrics.text();
    expect(text).toContain('ontology_request_errors_total{operation="Q",code="NOT_FOUND"} 1');
    expect(text).toContain('ontology_request_errors_total{operation="Q",code="BAD_USER_INPUT"} 1');
  });
});
