import { parseDispatchSettings } from '../../../runtime/dispatch/load-settings';
import { DEFAULT_SETTINGS } from './default-settings';

const withTables = (tables: unknown) => JSON.stringify({ ...DEFAULT_SETTINGS, tables });

describe('parseDispatchSettings', () => {
  it('reads what the construct renders, table names included', () => {
    expect(parseDispatchSettings(JSON.stringify(DEFAULT_SETTINGS))).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.tables).toEqual({
      orders: 'orders',
      couriers: 'couriers',
      sellers: 'sellers',
      routes: 'routes',
      courierCells: 'courier_cells',
      openOffers: 'open_offers',
      outboxDue: 'outbox_due',
    });
  });

  it('refuses settings without a name for every table, or with two tables under one name', () => {
    expect(() => parseDispatchSettings(withTables(undefined))).toThrow('tables must name every table');
    const { routes: _routes, ...withoutRoutes } = DEFAULT_SETTINGS.tables;
    const missingAndEmpty = withTables({ ...withoutRoutes, orders: '' });
    expect(() => parseDispatchSettings(missingAndEmpty)).toThrow('tables.orders must be a table name; tables.routes must be a table name');
    const shared = withTables({ ...DEFAULT_SETTINGS.tables, routes: 'orders' });
    expect(() => parseDispatchSettings(shared)).toThrow('tables must name each table differently');
  });
});
