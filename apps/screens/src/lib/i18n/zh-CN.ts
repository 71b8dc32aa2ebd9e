// Simplified Chinese: the shop's first language and the source of every message key. The English
// dictionary must have the same keys (en.ts is typed by this one), so a missing message is a type error.

/** 95 → "1 小时 35 分钟"; whole minutes, the largest two units. */
export function zhDuration(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return `${m} 分钟`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${h} 小时` : `${h} 小时 ${m % 60} 分钟`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} 天` : `${d} 天 ${h % 24} 小时`;
}

export const zhCN = {
  shopName: 'Glassbay 汽车服务中心',
  language: '语言',

  screenBays: '车间工位',
  screenCheckIn: '自助登记',
  screenQueue: '叫号屏',
  screenPair: '配对屏幕',
  screenLounge: '维修进度',
  screenFollow: '我的爱车进度',
  screenLive: '实时画面',
  screenConsole: '员工控制台',
  screenPerformance: '车间表现',
  screenNotFound: '未找到此屏幕',
  screenNotFoundHint: (path: string) => `地址 ${path} 不是 Glassbay 的屏幕。请选择：`,
  screenChooser: '选择屏幕',
  screenChooserHint: '在此设备上显示哪个屏幕？',

  connecting: '正在连接服务器…',
  offlineSince: (time: string) => `与服务器的连接已中断（${time} 起）· 显示最后状态`,

  bayFree: '空闲',
  bayOccupied: '占用',
  bayNoData: '无数据',
  bayFreeFor: (minutes: number) => (minutes < 1 ? '刚刚空出' : `空闲 ${zhDuration(minutes)}`),
  bayOccupiedFor: (minutes: number) => (minutes < 1 ? '刚刚占用' : `占用 ${zhDuration(minutes)}`),
  bayNeverReported: '尚未收到传感器数据',
  bayLastKnown: '最后已知状态',
  lift: '举升机',
  liftDown: '降下',
  liftMoving: '升降中',
  liftUp: '升起',
  liftUnknown: '未知',
  door: '门',
  doorOpen: '开启',
  doorClosed: '关闭',
  sensorOnline: '传感器在线',
  sensorOffline: '传感器离线',
  sensorNone: '未安装传感器',
  countFree: (n: number) => `空闲 ${n}`,
  countOccupied: (n: number) => `占用 ${n}`,
  countOffline: (n: number) => `离线 ${n}`,
  baysNone: '尚未设置工位',
  baysNoneHint: '安装人员可用命令添加工位：pnpm glassbay bay add',
} satisfies Record<string, string | ((...args: never[]) => string)>;
