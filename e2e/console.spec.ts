// The staff console end to end: the one-time first-admin setup, role-aware sections, an advisor opening
// a job and asking the customer's approval, and the answer from the phone arriving on the console.
import { expect, test } from './fixtures.ts';
import { ADVISOR, phoneContext, setupCode } from './jobs-helpers.ts';

test("first admin, staff accounts, and a customer's approval from the phone reaching the console", async ({
  hub,
  page,
  browser,
}) => {
  await hub.addBay('bay-1', '1号工位');
  await page.goto(hub.url('/console?lang=zh'));

  // No account yet: the console asks for the setup code the hub printed, never a default password.
  await expect(page.getByRole('heading', { name: '创建第一个管理员' })).toBeVisible();
  await page.getByLabel('设置码').fill('WRONGCODE000');
  await page.getByLabel('用户名').fill('wang.admin');
  await page.getByLabel('显示名称').fill('王经理');
  await page.getByLabel(/^密码/).fill('admin password 1');
  await page.getByLabel('再次输入密码').fill('admin password 1');
  await page.getByRole('button', { name: '创建' }).click();
  await expect(page.getByRole('alert')).toContainText('设置码不正确');
  await page.getByLabel('设置码').fill(setupCode(hub));
  await page.getByRole('button', { name: '创建' }).click();

  // The admin sees every section; adds an advisor in the staff section.
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('link', { name: '工单' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '工位与设备' })).toBeVisible();
  await nav.getByRole('link', { name: '员工账号' }).click();
  await expect(page).toHaveURL(/\/console\/staff/);
  const form = page.locator('form', { hasText: '添加员工' });
  await form.getByLabel('用户名').fill(ADVISOR.username);
  await form.getByLabel('显示名称').fill(ADVISOR.displayName);
  await form.getByLabel(/密码/).fill(ADVISOR.password);
  await form.getByRole('button', { name: '创建' }).click();
  await expect(page.getByRole('cell', { name: ADVISOR.username })).toBeVisible();

  // Sign out; the advisor signs in and sees the jobs, not bays or staff accounts.
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await page.getByLabel('用户名').fill(ADVISOR.username);
  await page.getByLabel('密码').fill(ADVISOR.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(nav.getByRole('link', { name: '工单' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '工位与设备' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: '员工账号' })).toHaveCount(0);
  await expect(nav.getByText('李顾问')).toBeVisible();

  // A booked customer at the desk: the advisor opens the job.
  await nav.getByRole('link', { name: '工单' }).click();
  await page.getByRole('button', { name: '+ 新建工单' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('车牌').fill('沪C55660');
  await dialog.getByLabel('车型').fill('帕萨特');
  await dialog.getByLabel('颜色').fill('黑色');
  await dialog.getByLabel('手机号').fill('13900139000');
  await dialog.getByLabel(/全车检测/).check();
  await dialog.getByLabel('工位').selectOption('bay-1');
  await dialog.getByRole('button', { name: '创建' }).click();
  const linkBox = dialog.getByRole('textbox', { name: '客户跟踪链接' });
  await expect(linkBox).toBeVisible();
  const link = await linkBox.inputValue();
  expect(link).toMatch(/\/follow\?t=[A-Za-z0-9_-]{32}$/);
  await dialog.getByRole('button', { name: '关闭' }).click();

  const detail = page.locator('aside');
  await expect(detail.getByRole('heading', { name: '沪C55660' })).toBeVisible();
  // Only the allowed moves are offered: no jump to ready from check-in.
  await expect(detail.getByRole('button', { name: '→ 可以取车' })).toHaveCount(0);
  await detail.getByRole('button', { name: '→ 检查中' }).click();
  await expect(detail.locator('.stage')).toHaveText('检查中');
  await detail.getByLabel('项目说明').fill('前刹车片磨损至 2 mm，建议更换');
  await detail.getByLabel('价格 (元)').fill('680');
  // The item is a menu service: once approved, its time joins the ETA.
  await detail.getByRole('checkbox', { name: '刹车片更换' }).check();
  await detail.getByRole('button', { name: '发送' }).click();
  await expect(detail.locator('.stage')).toHaveText('等待客户确认');
  await expect(detail.getByText('待确认')).toBeVisible();
  await expect(detail.locator('.approvals')).toContainText('刹车片更换');

  // The customer answers on the phone.
  const phoneCtx = await phoneContext(browser);
  const phone = await phoneCtx.newPage();
  await phone.goto(`${link}&lang=zh`);
  await expect(phone.getByText('需要您确认')).toBeVisible();
  await expect(phone.getByText('前刹车片磨损至 2 mm，建议更换')).toBeVisible();
  await expect(phone.getByText('¥680.00')).toBeVisible();
  await phone.getByRole('button', { name: '同意', exact: true }).tap();
  await expect(phone.getByText(/^已同意 · \d\d:\d\d$/)).toBeVisible();

  // …and the console shows it live, with the job back in the queue for its bay.
  await expect(detail.getByText(/已同意 · \d\d:\d\d/)).toBeVisible();
  await expect(detail.locator('.stage')).toHaveText('等待工位');
  await expect(detail.getByText('客户已答复')).toBeVisible();
  await phoneCtx.close();
});
