import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ColumnChoice {
  key: string;
  title: string;
  /** Columns that identify the row cannot be hidden. */
  fixed?: boolean;
}

/** Which columns a table shows, remembered per table in localStorage. */
/** Hidden columns, remembered per browser; `hiddenAtFirst` until the user chooses. */
export function useColumnVisibility(storageKey: string, all: readonly string[], hiddenAtFirst: readonly string[] = []) {
  const [hidden, setHidden] = useState<string[]>(() => {
    try {
      const v = JSON.parse(localStorage.getItem(storageKey) ?? JSON.stringify(hiddenAtFirst)) as unknown;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && all.includes(x)) : [];
    } catch {
      return [];
    }
  });
  const set = (next: string[]) => {
    setHidden(next);
    try {
      localStorage.setItem(storageKey, JSON.stringify(next));
    } catch {
      /* not remembered, still applied */
    }
  };
  return { hidden, setHidden: set };
}

export function ColumnSettings({
  columns,
  hidden,
  onChange,
}: {
  columns: ColumnChoice[];
  hidden: string[];
  onChange: (h: string[]) => void;
}) {
  const { t } = useTranslation();
  const visible = columns.filter((c) => !hidden.includes(c.key)).map((c) => c.key);
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t('table.columns')}
      content={
        <Flex vertical gap={4}>
          <Checkbox.Group
            value={visible}
            onChange={(v) =>
              onChange(columns.filter((c) => !c.fixed && !v.includes(c.key)).map((c) => c.key))
            }
          >
            <Flex vertical gap={4}>
              {columns.map((c) => (
                <Checkbox key={c.key} value={c.key} disabled={c.fixed}>
                  {c.title}
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
          <Button
            size="small"
            type="link"
            onClick={() => onChange([])}
            style={{ alignSelf: 'flex-start', padding: 0 }}
          >
            {t('table.resetColumns')}
          </Button>
        </Flex>
      }
    >
      <Button icon={<SettingOutlined />} aria-label={t('table.columns')} data-testid="column-settings" />
    </Popover>
  );
}
