-- Customer-facing step names (issue 17): what the lounge board and the phone call a step
-- ("加注机油" / "Refilling oil"), kept with the SOP version like the rest of the step. Null: the
-- step's internal name is shown. Both languages or neither.
ALTER TABLE sop_steps ADD COLUMN customer_zh TEXT;
ALTER TABLE sop_steps ADD COLUMN customer_en TEXT;

-- The shipped library's version 1, in the words a waiting customer understands.
UPDATE sop_steps SET (customer_zh, customer_en) = (
  SELECT n.column3, n.column4 FROM (VALUES
    ('oil-change', 'prepare',         '准备工作',         'Getting ready'),
    ('oil-change', 'lift-secure',     '举升车辆',         'Lifting the car'),
    ('oil-change', 'oil-drain',       '排放旧机油',       'Draining the old oil'),
    ('oil-change', 'filter-replace',  '更换机油滤清器',   'Replacing the oil filter'),
    ('oil-change', 'drain-plug',      '装回放油螺塞',     'Refitting the drain plug'),
    ('oil-change', 'underbody-check', '底盘检查',         'Checking the underbody'),
    ('oil-change', 'lower-car',       '降下车辆',         'Lowering the car'),
    ('oil-change', 'oil-refill',      '加注机油',         'Refilling oil'),
    ('oil-change', 'engine-run',      '启动检查渗漏',     'Checking for leaks'),
    ('oil-change', 'oil-level',       '检查机油液位',     'Checking the oil level'),
    ('oil-change', 'service-reset',   '复位保养提示',     'Service reminder reset'),
    ('oil-change', 'final-check',     '清洁与收尾',       'Cleaning up'),
    ('brake-pads', 'lift-secure',     '举升车辆',         'Lifting the car'),
    ('brake-pads', 'wheels-off',      '拆卸车轮',         'Removing the wheels'),
    ('brake-pads', 'caliper-off',     '拆下旧刹车片',     'Removing the old pads'),
    ('brake-pads', 'disc-measure',    '测量刹车盘',       'Measuring the discs'),
    ('brake-pads', 'caliper-clean',   '清洁润滑卡钳',     'Cleaning the calipers'),
    ('brake-pads', 'piston-retract',  '压回活塞',         'Resetting the pistons'),
    ('brake-pads', 'pads-fit',        '安装新刹车片',     'Fitting the new pads'),
    ('brake-pads', 'caliper-torque',  '装回卡钳',         'Refitting the calipers'),
    ('brake-pads', 'wheels-on',       '装回车轮',         'Refitting the wheels'),
    ('brake-pads', 'pedal-pump',      '刹车踏板复位',     'Setting the brake pedal'),
    ('brake-pads', 'fluid-level',     '检查刹车油',       'Checking the brake fluid'),
    ('brake-pads', 'bedding-test',    '路试磨合',         'Road test'),
    ('tyre-rotation', 'lift-secure',   '举升车辆',        'Lifting the car'),
    ('tyre-rotation', 'wheels-off',    '拆卸车轮',        'Removing the wheels'),
    ('tyre-rotation', 'tyre-inspect',  '检查轮胎',        'Checking the tyres'),
    ('tyre-rotation', 'wheels-rotate', '轮胎换位',        'Rotating the tyres'),
    ('tyre-rotation', 'wheels-on',     '装回车轮',        'Refitting the wheels'),
    ('tyre-rotation', 'lower-car',     '降下车辆',        'Lowering the car'),
    ('tyre-rotation', 'pressure-set',  '调整胎压',        'Setting tyre pressures'),
    ('tyre-rotation', 'tpms-reset',    '胎压监测复位',    'Resetting the tyre monitor'),
    ('ac-service', 'ac-test',             '空调性能测试',   'Testing the A/C'),
    ('ac-service', 'leak-check',          '系统检漏',       'Checking for leaks'),
    ('ac-service', 'refrigerant-recover', '回收制冷剂',     'Recovering the refrigerant'),
    ('ac-service', 'vacuum',              '系统抽真空',     'Evacuating the system'),
    ('ac-service', 'vacuum-hold',         '保压检漏',       'Pressure test'),
    ('ac-service', 'oil-charge',          '补充冷冻油',     'Adding compressor oil'),
    ('ac-service', 'refrigerant-charge',  '加注制冷剂',     'Refilling the refrigerant'),
    ('ac-service', 'cabin-filter',        '更换空调滤芯',   'Replacing the cabin filter'),
    ('ac-service', 'evaporator-clean',    '清洗蒸发箱',     'Cleaning the evaporator'),
    ('ac-service', 'performance-verify',  '复测出风温度',   'Re-testing the cooling'),
    ('inspection', 'lights-exterior',   '灯光外观检查',   'Lights and bodywork'),
    ('inspection', 'fluids-check',      '油液检查',       'Fluid levels'),
    ('inspection', 'battery-test',      '蓄电池检测',     'Battery test'),
    ('inspection', 'belts-hoses',       '皮带管路检查',   'Belts and hoses'),
    ('inspection', 'lift-secure',       '举升车辆',       'Lifting the car'),
    ('inspection', 'underbody-inspect', '底盘悬挂检查',   'Underbody and suspension'),
    ('inspection', 'brakes-inspect',    '刹车检查',       'Brakes'),
    ('inspection', 'tyres-inspect',     '轮胎检查',       'Tyres'),
    ('inspection', 'lower-car',         '降下车辆',       'Lowering the car'),
    ('inspection', 'road-test',         '路试',           'Road test'),
    ('inspection', 'report',            '填写检测报告',   'Writing the report')
  ) n
  WHERE n.column1 = (SELECT v.service_code FROM sop_versions v WHERE v.id = sop_steps.version_id)
    AND n.column2 = sop_steps.code
)
WHERE version_id IN (SELECT id FROM sop_versions WHERE version = 1 AND created_by = 'Glassbay');
