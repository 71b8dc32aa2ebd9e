// Every screen of the app, one route per screen role, matched on the URL path. A new screen adds a
// line here; App.svelte needs no change.
import type { Component } from 'svelte';
import type { TextKey } from './lib/i18n.svelte.ts';

export interface ScreenRoute {
  path: `/${string}`;
  /** The screen's name in the dictionary: its header title, the page title, its link on the chooser. */
  title: TextKey;
  /** Loaded on demand, so a kiosk downloads only the screen it shows. */
  load: () => Promise<{ default: Component }>;
  /** Also matches the paths below it (/console/jobs): the screen routes within itself. */
  prefix?: boolean;
}

export const screenRoutes: readonly ScreenRoute[] = [
  { path: '/bays', title: 'screenBays', load: () => import('./screens/bays/BayBoard.svelte') },
  { path: '/checkin', title: 'screenCheckIn', load: () => import('./screens/checkin/CheckIn.svelte') },
  { path: '/queue', title: 'screenQueue', load: () => import('./screens/queue/QueueBoard.svelte') },
  { path: '/pair', title: 'screenPair', load: () => import('./screens/pair/PairScreen.svelte') },
  { path: '/lounge', title: 'screenLounge', load: () => import('./screens/lounge/LoungeBoard.svelte') },
  { path: '/follow', title: 'screenFollow', load: () => import('./screens/follow/FollowPage.svelte') },
  { path: '/live', title: 'screenLive', load: () => import('./screens/live/LivePage.svelte') },
  {
    path: '/performance',
    title: 'screenPerformance',
    load: () => import('./screens/performance/PerformanceBoard.svelte'),
  },
  {
    path: '/console',
    title: 'screenConsole',
    prefix: true,
    load: () => import('./screens/console/ConsoleApp.svelte'),
  },
];

/** The route for a path; a trailing slash and letter case do not matter ("/Bays/" is "/bays"). */
export function matchRoute(pathname: string, routes: readonly ScreenRoute[] = screenRoutes): ScreenRoute | undefined {
  const path = pathname.replace(/\/+$/, '').toLowerCase() || '/';
  return routes.find((r) => r.path === path || (r.prefix && path.startsWith(`${r.path}/`)));
}
