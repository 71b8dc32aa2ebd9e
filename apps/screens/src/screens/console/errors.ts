// The hub's errors say what to do in English, with a stable code; the console says it in Chinese for
// the codes staff meet, and falls back to the hub's own sentence for the rest.
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
  LOGIN_SLOWED: '尝试登录次数过多，请稍等片刻再试',
  LOGIN_BUSY: '系统正忙于处理其他登录，请稍后再试',
  SETUP_CODE_WRONG: '设置码不正确：请使用服务器首次启动时给出的设置码',
  SETUP_DONE: '管理员已创建，请直接登录',
  USERNAME_TAKEN: '该用户名已被使用',
  CANNOT_DEMOTE_SELF: '不能修改自己的角色或停用自己，请让其他管理员操作',
  STAFF_LOGIN_REQUIRED: '请先登录',
  ROLE_REQUIRED: '您的角色无权执行此操作',
  HUB_UNREACHABLE: '无法连接服务器',
};

export function errorText(err: unknown, lang: Language, fallback: string): string {
  if (!(err instanceof ApiFailure)) return fallback;
  return (lang === 'zh-CN' ? zh[err.code] : undefined) ?? err.message;
}
