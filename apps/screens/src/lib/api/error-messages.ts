// The hub's stable error codes as sentences a person can act on, in both languages. Where `en` is
// left out the hub's own English sentence is shown: it names the specifics (which bay, which ticket,
// which step), and the hub writes it for a person. A screen may word a code its own way for its
// context (HubError.text's `wording`); a code missing here reads as a generic sentence with the code.

export interface ErrorSentence {
  zh: string;
  en?: string;
}

export const hubErrorMessages: Partial<Record<string, ErrorSentence>> = {
  // No answer, or an answer the hub did not write.
  HUB_UNREACHABLE: { zh: '无法连接服务器，请稍后再试', en: 'The hub cannot be reached; try again in a moment.' },
  HTTP_ERROR: { zh: '服务器未能处理此请求，请稍后再试', en: 'The hub could not handle this request; try again.' },
  INTERNAL: { zh: '服务器出错，请稍后再试；如仍不行，请联系管理员' },
  BODY_TOO_LARGE: { zh: '提交的内容太长，请删减后再试', en: 'That is too long to send; shorten it and try again.' },
  VALIDATION_FAILED: { zh: '填写的内容有误，请检查后再试' },

  // Staff sign-in and accounts.
  STAFF_LOGIN_REQUIRED: { zh: '请先登录' },
  ROLE_REQUIRED: { zh: '您的角色无权执行此操作' },
  INVALID_CREDENTIALS: { zh: '用户名或密码错误' },
  LOGIN_SLOWED: { zh: '尝试登录次数过多，请稍等片刻再试' },
  LOGIN_BUSY: { zh: '系统正忙于处理其他登录，请稍后再试' },
  SETUP_CODE_WRONG: { zh: '设置码不正确：请使用服务器首次启动时给出的设置码' },
  SETUP_DONE: { zh: '管理员已创建，请直接登录' },
  USERNAME_TAKEN: { zh: '该用户名已被使用' },
  USER_NOT_FOUND: { zh: '找不到这个员工账户，可能已被删除' },
  CANNOT_DEMOTE_SELF: { zh: '不能修改自己的角色或停用自己，请让其他管理员操作' },

  // Jobs and bays.
  STAGE_MOVE_REFUSED: { zh: '工单不能从当前阶段直接移到该阶段' },
  STAGE_UNCHANGED: { zh: '工单已经在这个阶段' },
  // The release rules (protocol, wristbands.ts): each live alert holds the car until a manager decides it.
  SHORT_OPERATION_OPEN: { zh: '有工序用时短于标准最少时间，经理处理或放行前不能交车（见“作业告警”）' },
  STEPS_NOT_RECORDED: { zh: '有标准工序没有记录，经理处理或放行前不能交车（见“作业告警”）' },
  STEP_UNFINISHED: { zh: '有工序开始后没有结束，经理处理或放行前不能交车（见“作业告警”）' },
  OVERRUN_UNDECIDED: { zh: '有工序超出标准用时尚未处理，经理处理或放行前不能交车（见“作业告警”）' },
  OVERRIDE_NOT_NEEDED: { zh: '这条告警不再阻止交车，无需放行' },
  BAY_REQUIRED: { zh: '请先分配工位，再开始施工' },
  APPROVAL_REQUIRED: { zh: '请通过“请求客户确认”发起追加项目，工单会自动等待客户答复' },
  APPROVAL_PENDING: { zh: '客户尚未答复追加项目' },
  APPROVAL_NOT_NOW: { zh: '只能在检查或施工阶段请求客户确认' },
  IDLE_REASON_NOT_NOW: { zh: '只能在施工阶段填写停工原因' },
  BAY_BUSY: { zh: '该工位正被其他工单占用' },
  BAY_NOT_FOUND: { zh: '没有这个工位' },
  JOB_ON_BAY: { zh: '车辆正在工位上；先移回“等待工位”再更换工位' },
  JOB_CLOSED: { zh: '工单已结束，不能再修改' },
  JOB_NOT_FOUND: { zh: '找不到这个工单' },
  EVIDENCE_PACK_NOT_FOUND: { zh: '这个证据包已不再保存，请重新生成' },
  SERVICE_UNKNOWN: { zh: '所选服务项目不在服务目录中' },
  NOTICE_RESOLVED: { zh: '该工位异常已被处理' },
  NOTICE_NOT_FOUND: { zh: '找不到这条工位异常，可能已被处理' },

  // Wristband alerts and operation standards.
  ALERT_NOT_FOUND: { zh: '找不到这条提醒' },
  ALERT_NOT_OPEN: { zh: '这条提醒已经处理过；如需结束，请填写说明后关闭' },
  ALERT_RESOLVED: { zh: '这条提醒已经关闭' },
  ALERT_NOT_YOURS: { zh: '这条提醒不是发给您的' },
  SOP_NOT_FOUND: { zh: '找不到这个版本的作业标准' },
  // Wristbands issued to technicians [GB-3.2.4].
  BAND_NOT_FOUND: { zh: '找不到这个手环：请先在“工位与设备”中登记' },
  NOT_A_WRISTBAND: { zh: '这个设备不是手环，不能发放给技师' },
  BAND_NOT_ISSUED: { zh: '这个手环目前没有发放给任何人' },

  // The queue and the service desk.
  QUEUE_EMPTY: { zh: '该柜台负责的队列中没有人在等候', en: "Nobody is waiting in this desk's lanes." },
  DESK_IDLE: { zh: '该柜台还没有叫号，请先叫号', en: 'This desk has not called a ticket; call one first.' },
  DESK_BUSY: { zh: '请先处理当前号码：接待、转到其他队列或记为过号' },
  DESK_TAKEN: { zh: '该柜台正由其他员工使用，请对方先离开柜台' },
  DESK_NOT_YOURS: { zh: '请先打开您自己的柜台' },
  DESK_NOT_FOUND: { zh: '没有这个柜台' },
  LANE_NOT_FOUND: { zh: '没有这个队列' },
  TICKET_NOT_FOUND: { zh: '找不到这个号码' },
  TICKET_NOT_WAITING: { zh: '这个号码已不在等候中' },
  SAME_LANE: { zh: '这个号码已经在该队列中' },

  // Check-in, bookings and the returning customer.
  BOOKING_NOT_FOUND: { zh: '没有找到这个预约码，请核对或直接登记' },
  BOOKING_USED: { zh: '这个预约已经登记过了', en: 'This booking has already been checked in.' },
  BOOKING_NOT_TODAY: { zh: '这个预约不是今天的' },
  BOOKING_NOT_OPEN: { zh: '这个预约已取消或已使用' },
  BOOKING_IN_PAST: { zh: '预约时间必须是将来的时间', en: 'A booking is for a time still to come.' },
  BOOKING_CODES_EXHAUSTED: { zh: '暂时无法生成预约码，请再试一次' },
  PROOF_EXPIRED: { zh: '查询已过期，请重新开始登记' },
  LOOKUP_SLOWED: { zh: '尝试次数过多，请稍后再试' },
  ATTEMPT_REUSED: { zh: '这次登记已用于另一辆车，请重新开始' },
  ATTEMPT_DONE: { zh: '这次登记的号码已经结束，请重新取号' },
  MILEAGE_CONFIRM_NEEDED: { zh: '里程低于上次记录，请核对仪表后确认' },

  // The customer's own job: lounge unlock, follow link, approvals, rating, video.
  TICKET_CODE_WRONG: { zh: '号码不正确，请查看您的取号单', en: 'That is not the ticket code of this car.' },
  UNLOCK_LOCKED: { zh: '错误次数过多，请稍后再试或询问服务台' },
  FOLLOW_LINK_EXPIRED: { zh: '车辆已交付，此链接已失效' },
  FOLLOW_LINK_UNKNOWN: { zh: '此链接无效，请向服务台索取新的链接' },
  APPROVAL_NOT_FOUND: { zh: '没有这项确认请求' },
  APPROVAL_DECIDED: { zh: '您已经答复过这项请求' },
  RATING_DONE: { zh: '谢谢，本次服务已评价过', en: 'Thank you, this visit is already rated.' },
  RATING_NOT_YET: { zh: '车辆完工后即可评价', en: 'You can rate the visit once your car is ready.' },
  VIDEO_NOT_YET: { zh: '车辆尚未进入车间，暂无视频，稍后再看' },
  VIDEO_UNAVAILABLE: { zh: '本店尚未开通客户视频' },
  CAMERA_NOT_FOUND: { zh: '没有这个摄像头' },
  CLIP_NOT_FOUND: { zh: '维修视频尚未生成' },

  // Screens and pairing.
  PAIRING_CODE_UNKNOWN: {
    zh: '没有屏幕显示此代码。请核对屏幕上的代码（每 10 分钟更换一次）。',
    en: 'No screen is showing this code. Check the code on the screen (it changes every 10 minutes).',
  },
  PAIRING_CODE_EXPIRED: {
    zh: '此代码已过期，屏幕会在几秒内显示新代码。',
    en: 'This code has expired; the screen shows a new one within seconds.',
  },
  PAIRING_CODE_IN_USE: { zh: '此代码已被另一台屏幕使用，请让屏幕显示新代码' },
  PAIRING_ALREADY_APPROVED: { zh: '此屏幕已经配对。', en: 'This screen is already paired.' },
  PAIRING_BUSY: { zh: '等待配对的屏幕过多，请先在控制台确认或拒绝' },
  SCREEN_NAME_TAKEN: { zh: '已有同名屏幕，请换一个名称。', en: 'Another screen has this name; choose another.' },
  SCREEN_OFFLINE: {
    zh: '屏幕离线，请确认其已开机并联网。',
    en: 'The screen is offline; check that it is on and connected.',
  },
  SCREEN_NOT_FOUND: { zh: '找不到此屏幕，可能已被移除。', en: 'No such screen; it may have been removed.' },
  SCREEN_REVOKED: { zh: '此屏幕已在控制台中移除，将显示新的配对代码' },
  SCREENSHOT_NONE: { zh: '还没有截图，请先让屏幕截图' },
};
