/** What each role may do. Routes ask for a permission, never for a role by name. */
import type { Role } from '../store/schema.js';

export const PERMISSIONS = ['scans:push', 'scans:read', 'scans:decide', 'coverage:read', 'tokens:manage', 'models:read'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  station: ['scans:push'],
  inspector: ['scans:read', 'scans:decide', 'coverage:read'],
  engineer: ['scans:read', 'coverage:read', 'models:read'],
  admin: ['scans:read', 'scans:decide', 'coverage:read', 'tokens:manage', 'models:read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
