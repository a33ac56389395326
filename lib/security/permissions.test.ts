import { describe, expect, it } from 'vitest';
import { assertCan, callerPermissions, rolesWithin } from './permissions';

describe('rolesWithin', () => {
  it('offers only roles with no permission the limit lacks', () => {
    expect(rolesWithin('owner')).toEqual(['owner', 'developer', 'support', 'viewer']);
    // Support may refund and a developer may not: neither is "within" the other.
    expect(rolesWithin('developer')).toEqual(['developer', 'viewer']);
    expect(rolesWithin('support')).toEqual(['support', 'viewer']);
    expect(rolesWithin('viewer')).toEqual(['viewer']);
  });
});

describe('session-only permissions', () => {
  it('never lets an API key manage the team, whatever its role', () => {
    expect(() => assertCan({ role: 'owner', via: 'api_key' }, 'team:manage')).toThrow(/an owner must be signed in/);
    expect(() => assertCan({ role: 'owner', via: 'session' }, 'team:manage')).not.toThrow();
    expect(() => assertCan({ role: 'developer', via: 'session' }, 'team:manage')).toThrow(/Your role \(developer\)/);
    expect(callerPermissions({ role: 'owner', via: 'api_key' })).not.toContain('team:manage');
    expect(callerPermissions({ role: 'owner', via: 'session' })).toContain('team:manage');
  });
});
