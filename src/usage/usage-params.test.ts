import { describe, expect, it } from 'vitest';
import { parseInstant, usageQuery, exportQuery, filterOf } from './usage-params.js';

describe('parseInstant', () => {
  it.each([
    ['2026-12-01', Date.parse('2026-11-30T18:30:00.000Z')], // a bare date is the IST day's start
    ['2024-02-29', Date.parse('2024-02-28T18:30:00.000Z')],
    ['2026-12-01T00:00:00+05:30', Date.parse('2026-11-30T18:30:00.000Z')],
    ['2026-12-01T10:00:00Z', Date.parse('2026-12-01T10:00:00.000Z')],
    ['2026-12-01T10:00', new Date(2026, 11, 1, 10, 0).getTime()], // no offset: ECMAScript reads local time
    ['1764527400000', 1764527400000],
    ['0', 0],
    ['1', 1], // epoch ms, however small
  ])('%s → %i', (input, ms) => {
    expect(parseInstant(input)).toBe(ms);
  });

  it.each(['yesterday', 'March 7', '2026-02-30', '2026-13-01', '2026-12-01T25:00:00Z', '12/01/2026', '1e12', '-5', '9999999999999999'])('rejects %j', (input) => {
    expect(parseInstant(input)).toBeNull();
  });
});

describe('usageQuery / exportQuery', () => {
  it('defaults group_by to day and turns times into ms', () => {
    expect(usageQuery.parse({ from: '2026-12-01', to: '1796200000000' })).toEqual({ from: Date.parse('2026-11-30T18:30:00.000Z'), to: 1796200000000, group_by: 'day' });
  });

  it('treats an empty time as absent', () => {
    expect(usageQuery.parse({ from: '' })).toEqual({ group_by: 'day' });
  });

  it.each([
    [{ group_by: 'colour' }, ['group_by']],
    [{ from: 'soon' }, ['from']],
    [{ from: '2026-12-02', to: '2026-12-01' }, ['to']],
    [{ from: '2026-12-01', to: '2026-12-01' }, ['to']],
    [{ project_id: ['a', 'b'] }, ['project_id']],
    [{ key_id: 'x'.repeat(65) }, ['key_id']],
  ])('%j → issue at %j', (input, path) => {
    const result = usageQuery.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });

  it('rejects unknown parameters', () => {
    expect(usageQuery.safeParse({ colour: 'blue' }).error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['colour'] });
  });

  it('needs an export format', () => {
    expect(exportQuery.safeParse({}).error?.issues[0]?.path).toEqual(['format']);
    expect(exportQuery.parse({ format: 'csv', team_id: 'team_1' })).toEqual({ format: 'csv', team_id: 'team_1' });
  });
});

describe('filterOf', () => {
  it('keeps only what was given', () => {
    expect(filterOf({ from: 5, project_id: 'p' })).toEqual({ fromMs: 5, projectId: 'p' });
    expect(filterOf({})).toEqual({});
  });
});
