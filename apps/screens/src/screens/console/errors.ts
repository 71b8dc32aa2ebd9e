// The hub's errors say what to do in English, with a stable code; the console says it in Chinese for
// the codes staff meet. A code it has no Chinese for is never shown as an English sentence inside the
// Chinese console: the screen's own "that did not work" goes with the code, for the log or support.
import type { Language } from '../../lib/i18n.svelte.ts';
import { ApiFailure } from '../progress/api.ts';

const zh: Record<string, string> = {
  STAGE_MOVE_REFUSED: '工单不能从当前阶段直接移到该阶段',
  STAGE_UNCHANGED: '工单已经在这个阶段',
  BAY_REQUIRED: '请先分配工位，再开始施工',
  APPROVAL_REQUIRED: '请通过“请求客户确认”发起追加项目，工单会自动等待客户答复',
  APPROVAL_PENDING: '客户尚未答复追加项目',
  APPROVAL_NOT_NOW: '只能在检查或施工阶段请求客户确认',
  BAY_BUSY: '该工位正被其他工单占用',
  BAY_NOT_FOUND: '没有这个工位',
  JOB_ON_BAY: '车辆正在工位上；先移回“等待工位”再更换工位',
  JOB_CLOSED: '工单已结束，不能再修改',
  JOB_NOT_FOUND: '找不到这个工单',
  SERVICE_UNKNOWN: '所选服务项目不在服务目录中',
  NOTICE_RESOLVED: '该工位异常已被处理',
  VALIDATION_FAILED: '填写的内容有误，请检查后再试',
  INVALID_CREDENTIALS: '用户名或密码错误',
  ACCOUNT_LOCKED: '登录失败次数过多，账户已暂时锁定，请稍后再试或联系管理员',
  SETUP_CODE_WRONG: '设置码不正确：请使用服务器首次启动时给出的设置码',
  SETUP_DONE: '管理员已创建，请直接登录',
  USERNAME_TAKEN: '该用户名已被使用',
  CANNOT_DEMOTE_SELF: '不能修改自己的角色或停用自己，请让其他管理员操作',
  STAFF_LOGIN_REQUIRED: '请先登录',
  ROLE_REQUIRED: '您的角色无权执行此操作',
  HUB_UNREACHABLE: '无法连接服务器',
  // Release and wristband alerts.
  SHORT_OPERATION_OPEN:
    '有工序用时短于标准（可能未完成）：请先检查并处理该异常，或由经理在异常记录中说明原因后放行，再交车',
  OVERRIDE_NOT_NEEDED: '该异常已不再阻止放行，无需经理放行',
  ALERT_NOT_FOUND: '找不到这条异常',
  ALERT_NOT_OPEN: '该异常已确认，请填写说明后处理',
  ALERT_RESOLVED: '该异常已处理',
  ALERT_NOT_YOURS: '只有相关技师本人可以答复该异常',
  SOP_NOT_FOUND: '找不到该作业标准',
  // Desk and queue.
  DESK_NOT_FOUND: '没有这个服务台',
  DESK_TAKEN: '该服务台已由其他顾问开启',
  DESK_IDLE: '该服务台当前没有正在办理的号码',
  QUEUE_EMPTY: '当前没有等候的顾客',
  TICKET_NOT_FOUND: '找不到这个号码',
  TICKET_NOT_WAITING: '这个号码已不在等候中',
  LANE_NOT_FOUND: '没有这个业务类别',
  SAME_LANE: '号码已在这个业务类别中',
  BOOKING_NOT_FOUND: '找不到这个预约',
  BOOKING_IN_PAST: '预约时间不能早于现在',
  // Devices, cameras, screens, staff.
  CAMERA_NOT_FOUND: '没有这个摄像头',
  SCREEN_NOT_FOUND: '没有这块屏幕',
  SCREEN_OFFLINE: '该屏幕当前离线',
  PAIRING_CODE_UNKNOWN: '配对码不正确或已过期',
  USER_NOT_FOUND: '没有这个员工账户',
};

export function errorText(err: unknown, lang: Language, fallback: string): string {
  if (!(err instanceof ApiFailure)) return fallback;
  if (lang !== 'zh-CN') return err.message;
  return zh[err.code] ?? `${fallback}（${err.code}）`;
}
