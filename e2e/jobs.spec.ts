// Repair jobs end to end, in Chromium against the real hub: a kiosk ticket served at the desk becomes
// a job on the lounge board and on the customer's phone; a simulated MQTT sensor puts the car on its
// bay; staff move it to ready and the board chimes.
import { jobPaths } from '@glassbay/protocol';
import { expect, test } from './fixtures.ts';
import { adminApi, countNotes, notesPlayed, phoneContext, walkIn } from './jobs-helpers.ts';

test('a served ticket becomes a job on the lounge board and the phone, moves with the sensor, and chimes when ready', async ({
  hub,
  page,
  browser,
  playwright,
}) => {
  await hub.addBay('bay-1', '1号工位');
  await hub.addBay('bay-2', '2号工位');
  const sensor = await hub.connectSensor('bay1-sensor', 'bay-1');
  await sensor.publish({ occupied: false, lift: 'down' });
  const staff = await adminApi(await playwright.request.newContext(), hub);

  // The customer checks in at the kiosk and scans the ticket's QR code with a phone.
  const kiosk = await playwright.request.newContext();
  const receipt = await walkIn(kiosk, hub, '粤B12345', ['oil-change', 'car-wash']);
  const phoneCtx = await phoneContext(browser);
  const phone = await phoneCtx.newPage();
  await phone.goto(hub.url(`/follow?t=${receipt.followToken}&lang=zh`));
  await expect(phone.getByText('排队中')).toBeVisible();
  await expect(phone.getByText(`票号 ${receipt.ticket.number}`)).toBeVisible();

  // The lounge board, with every note of its chime counted.
  await countNotes(page);
  await page.goto(hub.url('/lounge?lang=zh'));
  await expect(page.getByText('目前没有在修车辆')).toBeVisible();

  // The advisor calls the ticket to desk 1 and serves it: it becomes a job.
  await staff.desk('desk-1', 'open');
  expect((await staff.desk('desk-1', 'call-next')).ticket?.number).toBe(receipt.ticket.number);
  await staff.desk('desk-1', 'serve');
  const job = await staff.jobByCode(receipt.ticket.number);
  expect(job.stage).toBe('checked-in');

  const card = page.getByRole('button', { name: '粤B·1**45' });
  await expect(card).toBeVisible();
  await expect(card.getByText('已登记', { exact: true })).toBeVisible();
  // The ready time as a range ("预计 11:45–12:35"), or "预计 11:58 完成" when the range is one moment wide.
  await expect(card.getByText(/预计 \d\d:\d\d(–\d\d:\d\d)?/)).toBeVisible();
  // The open phone switches from the queue to the job by itself.
  await expect(phone.getByText('粤B·1**45')).toBeVisible();
  await expect(phone.getByText('预计完成时间')).toBeVisible();
  // The full plate is nowhere on the public board or the phone.
  await expect(page.getByText('粤B12345')).toHaveCount(0);
  await expect(phone.getByText('粤B12345')).toHaveCount(0);

  // Bay assigned, waiting; the sensor sees the car arrive on it: in service on both.
  await staff.update(job.id, { bayId: 'bay-1', technician: '李师傅' });
  await staff.move(job.id, 'waiting');
  await expect(card.getByText('等待工位', { exact: true })).toBeVisible();
  await sensor.publish({ occupied: true, lift: 'up' });
  await expect(card.getByText('维修保养中', { exact: true })).toBeVisible();
  await expect(card.getByText('1号工位')).toBeVisible();
  await expect(phone.getByText('维修保养中').first()).toBeVisible();
  await expect(phone.getByText('工位: 1号工位')).toBeVisible();
  const moved = await staff.get<{ timeline: { by: { kind: string } }[] }>(jobPaths.job, { jobId: job.id });
  expect(moved.timeline.at(-1)?.by.kind).toBe('sensor');

  // Staff take it through quality check and the wash to ready: the board announces it with a chime.
  await staff.move(job.id, 'quality-check');
  await sensor.publish({ occupied: false, lift: 'down' });
  await staff.move(job.id, 'washing');
  expect(await notesPlayed(page)).toBe(0);
  await staff.decideAlerts(job.id);
  await staff.move(job.id, 'ready');
  await expect(page.getByRole('alert')).toContainText('您的爱车已可以取车');
  await expect(page.getByRole('alert')).toContainText('粤B·1**45');
  await expect(page.locator('[data-chimes="1"]')).toBeAttached();
  expect(await notesPlayed(page)).toBeGreaterThanOrEqual(3);
  await expect(card.getByText('可以取车', { exact: true })).toBeVisible();

  // The phone offers the one-tap rating; a comment typed first goes with it.
  await expect(phone.getByText('您的爱车已可以取车')).toBeVisible();
  await phone.getByLabel('想对我们说的话（选填）').fill('很快，谢谢');
  await phone.getByRole('button', { name: '5 星' }).tap();
  await expect(phone.getByText('感谢您的评价！')).toBeVisible();
  const rated = await staff.get<{ rating: { stars: number; comment: string } }>(jobPaths.job, { jobId: job.id });
  expect(rated.rating).toEqual({ stars: 5, comment: '很快，谢谢' });

  // Delivered: the car leaves the lounge board.
  await staff.move(job.id, 'delivered');
  await expect(card).toBeHidden();
  await phoneCtx.close();
});

test('tapping a car on the lounge board asks for its lounge code (not the ticket number) before it shows more', async ({
  hub,
  page,
  playwright,
}) => {
  await hub.addBay('bay-1', '1号工位');
  const staff = await adminApi(await playwright.request.newContext(), hub);
  const { job, loungeCode } = await staff.createJob({
    code: 'A031',
    plate: '京A88K21',
    model: 'Model Y',
    colour: '白色',
    services: ['tyre-rotation', 'inspection'],
    bayId: 'bay-1',
  });
  await page.goto(hub.url('/lounge?lang=en'));
  await page.getByRole('button', { name: '京A·8**21' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Enter your lounge code')).toBeVisible();
  // Nothing more before the right code; a wrong one says so.
  await expect(dialog.getByText('Tyre rotation')).toBeHidden();
  const wrong = String((Number(loungeCode) + 1) % 1_000_000).padStart(6, '0');
  for (const k of wrong) await dialog.getByRole('button', { name: k, exact: true }).click();
  await dialog.getByRole('button', { name: 'Show' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That lounge code does not match; please try again');
  for (const k of loungeCode) await dialog.getByRole('button', { name: k, exact: true }).click();
  await dialog.getByRole('button', { name: 'Show' }).click();
  await expect(dialog.getByText(job.code)).toBeVisible();
  await expect(dialog.getByText('Tyre rotation')).toBeVisible();
  await expect(dialog.getByText('Multi-point inspection')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
