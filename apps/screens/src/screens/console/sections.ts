// The staff console's sections, one per capability (desk and queue, jobs, bays and devices, alerts,
// cameras, screens). Each issue adds its section here; the console shell shows the sections the
// signed-in role may use, in this order.
import type { Component } from 'svelte';
import type { StaffRole } from '@glassbay/protocol';

export interface ConsoleSection {
  /** URL segment: /console/<id>. */
  id: string;
  /** Section name in both languages (staff may switch too). */
  title: { 'zh-CN': string; en: string };
  /** The smallest role that may open it (advisor < manager < admin). */
  role: StaffRole;
  load: () => Promise<{ default: Component }>;
}

export const consoleSections: ConsoleSection[] = [
  {
    id: 'desk',
    title: { 'zh-CN': '服务台叫号', en: 'Desk & queue' },
    role: 'advisor',
    load: () => import('./desk/DeskSection.svelte'),
  },
  {
    id: 'jobs',
    title: { 'zh-CN': '工单', en: 'Jobs' },
    role: 'advisor',
    load: () => import('./jobs/JobsSection.svelte'),
  },
  {
    id: 'messages',
    title: { 'zh-CN': '客户消息', en: 'Messages' },
    role: 'advisor',
    load: () => import('./messages/MessagesSection.svelte'),
  },
  {
    id: 'bays',
    title: { 'zh-CN': '工位与设备', en: 'Bays & devices' },
    role: 'manager',
    load: () => import('./bays/BaysSection.svelte'),
  },
  {
    id: 'alerts',
    title: { 'zh-CN': '作业告警', en: 'Alerts & standards' },
    role: 'manager',
    load: () => import('./alerts/AlertsSection.svelte'),
  },
  {
    id: 'kpi',
    title: { 'zh-CN': '经营指标', en: 'Shop KPIs' },
    role: 'manager',
    load: () => import('./kpi/KpiSection.svelte'),
  },
  {
    id: 'cameras',
    title: { 'zh-CN': '摄像头', en: 'Cameras' },
    role: 'manager',
    load: () => import('./cameras/CamerasSection.svelte'),
  },
  {
    id: 'screens',
    title: { 'zh-CN': '屏幕', en: 'Screens' },
    role: 'manager',
    load: () => import('./screens-fleet/ScreensSection.svelte'),
  },
  {
    id: 'staff',
    title: { 'zh-CN': '员工账号', en: 'Staff accounts' },
    role: 'admin',
    load: () => import('./staff/StaffSection.svelte'),
  },
];
