import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ColumnSettings, useColumnVisibility } from '../../components/ColumnSettings.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import { useCan } from '../auth/MeContext.tsx';
import { exportUsers, useUsers } from './api.ts';
import { ImportWizard } from './import/ImportWizard.tsx';
import { PeopleCards } from './PeopleCards.tsx';
import { PeopleFilters } from './PeopleFilters.tsx';
import { PEOPLE_COLUMNS, PeopleTable } from './PeopleTable.tsx';
import { useUserListParams } from './useUserListParams.ts';
import { UserCreateModal } from './UserCreateModal.tsx';

export default function PeoplePage() {
  const { t } = useTranslation();
  const can = useCan();
  const phone = useIsPhoneLayout();
  const showError = useApiError();
  const [params, update] = useUserListParams();
  const { data, isFetching, error, refetch } = useUsers(params);
  const [exporting, setExporting] = useState(false);
  const [dialog, setDialog] = useState<'create' | 'import' | null>(null);
  const { hidden, setHidden } = useColumnVisibility('salesbase.people.columns', PEOPLE_COLUMNS);

  const doExport = () => {
    setExporting(true);
    exportUsers(params)
      .catch((e: unknown) => showError(e))
      .finally(() => setExporting(false));
  };

  return (
    <>
      <PageHeader
        title={t('nav.people')}
        extra={
          <>
            {can('user.export') && (
              <Button
                icon={<DownloadOutlined />}
                loading={exporting}
                onClick={doExport}
                data-testid="people-export"
              >
                {t('people.export')}
              </Button>
            )}
            {can('user.import') && (
              <Button
                icon={<UploadOutlined />}
                onClick={() => setDialog('import')}
                data-testid="people-import"
              >
                {t('people.import')}
              </Button>
            )}
            {can('user.write') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog('create')}
                data-testid="people-add"
              >
                {t('people.add')}
              </Button>
            )}
            {!phone && (
              <ColumnSettings
                columns={PEOPLE_COLUMNS.map((k) => ({
                  key: k,
                  title: t(`people.columns.${k}`),
                  fixed: k === 'displayName',
                }))}
                hidden={hidden}
                onChange={setHidden}
              />
            )}
          </>
        }
      />
      <PeopleFilters params={params} onChange={update} />
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : phone ? (
        <PeopleCards data={data} loading={isFetching} params={params} onChange={update} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <PeopleTable data={data} loading={isFetching} params={params} hidden={hidden} onChange={update} />
        </Card>
      )}
      {dialog === 'create' && (
        <UserCreateModal defaultUnitId={params.unitId} onClose={() => setDialog(null)} />
      )}
      {dialog === 'import' && <ImportWizard onClose={() => setDialog(null)} />}
    </>
  );
}
