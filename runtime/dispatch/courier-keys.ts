/** Primary keys of the `couriers` table and of its location index, `courier_cells`. */
import type { PrimaryKey } from '../shared/ports';

export function courierKey(courierId: string): PrimaryKey {
  return [['courierId', courierId]];
}

export function cellKey(cell: string, courierId: string): PrimaryKey {
  return [
    ['cell', cell],
    ['courierId', courierId],
  ];
}
