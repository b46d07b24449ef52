/** What every IotIngest content function gets: settings and ports (cloud or local). */
import type { LogWriter } from '../shared/log';
import type { Clock, TableStore } from '../shared/ports';
import type { SearchEngine } from '../shared/search/search-engine';
import type { IotSettings } from './settings';

export interface IotDeps {
  settings: IotSettings;
  /** Holds every table of settings.tables. */
  store: TableStore;
  /** The posts' search engine (searches never scan the posts table). */
  search: SearchEngine;
  clock: Clock;
  log: LogWriter;
}
