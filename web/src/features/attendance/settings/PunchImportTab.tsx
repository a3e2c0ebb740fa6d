import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORTS } from '../api.ts';
import { AttendanceImportWizard } from '../import/AttendanceImportWizard.tsx';

/** Punch-clock (打卡机) exports: each row a person and a time; judged like any check-in of that day. */
export function PunchImportTab() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Card>
      <Flex vertical gap={12} align="flex-start">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('attendance.import.punch.title')}
        </Typography.Title>
        <Typography.Paragraph style={{ margin: 0, maxWidth: 720 }}>
          {t('attendance.import.punch.explain')}
        </Typography.Paragraph>
        <Button
          type="primary"
          icon={<UploadOutlined />}
          onClick={() => setOpen(true)}
          data-testid="punch-import"
        >
          {t('attendance.import.punch.start')}
        </Button>
      </Flex>
      {open && (
        <AttendanceImportWizard endpoint={IMPORTS.punch} kind="punch" onClose={() => setOpen(false)} />
      )}
    </Card>
  );
}
