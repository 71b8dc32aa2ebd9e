// Words of the console's wristband issuance, Chinese first [GB-3.2.4].
import type { Dictionary } from '../../../lib/i18n/dictionary.ts';

const zh = {
  tab: '手环发放',
  intro:
    '手环的工序记录只算发放对象本人的，且只在他负责的工单所在工位有效；未发放、已归还或班次结束的手环发来的记录一律拒收。',
  band: '手环',
  holder: '当前使用人',
  until: '班次至',
  none: '未发放',
  last: (tech: string, at: string) => `上次：${tech}，${at} 结束`,
  technician: '技师编号',
  technicianHint: '如 li-wei（同工单）',
  hours: '班次时长（小时）',
  issue: '发放',
  handOver: '改发给',
  giveBack: '归还',
  issued: (band: string, tech: string) => `${band} 已发放给 ${tech}`,
  returned: (band: string) => `${band} 已归还`,
  noBands: '还没有登记手环：在“工位与设备”中添加类型为手环的设备',
  failed: '手环列表暂时无法读取',
};

const en: Dictionary<typeof zh> = {
  tab: 'Wristbands',
  intro:
    "A band's steps count only for the technician it is issued to, and only on the bays of that technician's jobs; events from a band not issued, returned or past its shift are refused.",
  band: 'Band',
  holder: 'Worn by',
  until: 'Shift until',
  none: 'Not issued',
  last: (tech, at) => `Last: ${tech}, ended ${at}`,
  technician: 'Technician id',
  technicianHint: 'e.g. li-wei, as on the job',
  hours: 'Shift (hours)',
  issue: 'Issue',
  handOver: 'Hand over to',
  giveBack: 'Returned',
  issued: (band, tech) => `${band} issued to ${tech}`,
  returned: (band) => `${band} returned`,
  noBands: 'No wristbands yet: add a device of kind wristband under Bays & devices',
  failed: 'The wristbands cannot be listed right now',
};

export const bandMessages = { 'zh-CN': zh, en };
