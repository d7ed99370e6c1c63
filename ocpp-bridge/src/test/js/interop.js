'use strict';
// A charge point written with npm ocpp-rpc (an OCPP-J implementation not written here), in strict mode: every
// message in both directions is validated against the official OCPP JSON schemas bundled with ocpp-rpc. It talks to
// the VGF bridge as a charger would, waits for the bridge's TxDefaultProfile and TxProfile, and prints one JSON line.
//
// usage: node interop.js <ws://host:port/ocpp> <chargerId> <password> <ocpp1.6|ocpp2.0.1|ocpp2.1>
const { RPCClient, createValidator } = require('ocpp-rpc');

const [endpoint, identity, password, protocol] = process.argv.slice(2);
const results = { protocol, identity, boot: null, calls: {}, txProfile: null, txDefaultProfile: null, errors: [] };

function strictValidators() {
  if (protocol !== 'ocpp2.1') return [];
  // ocpp-rpc 2.2.1 bundles the 2.1 schemas with ids urn:XRequest/urn:XResponse but looks up urn:X.req/urn:X.conf:
  // rename the ids so its own strict mode can validate 2.1 (schemas unchanged otherwise).
  const schemas = require('ocpp-rpc/lib/schemas/ocpp2_1.json').map((s) => ({
    ...s,
    $id: s.$id.replace(/Request$/, '.req').replace(/Response$/, '.conf'),
  }));
  return [createValidator('ocpp2.1', schemas)];
}

const now = () => new Date().toISOString();
const timer = setTimeout(() => finish(2, 'timed out'), 30000);

function finish(code, error) {
  clearTimeout(timer);
  if (error) results.errors.push(String(error));
  console.log(JSON.stringify(results));
  client.close({ code: 1000, force: true }).finally(() => process.exit(code));
}

const client = new RPCClient({
  endpoint, identity, password, protocols: [protocol], strictMode: true,
  strictModeValidators: strictValidators(), reconnect: false,
});

let txProfileSeen;
const txProfile = new Promise((resolve) => { txProfileSeen = resolve; });
const record = (name, params) => { results.calls[name] = (results.calls[name] || 0) + 1; return params; };

client.handle('GetConfiguration', ({ params }) => {
  record('GetConfiguration', params);
  return { configurationKey: [{ key: 'ChargingScheduleAllowedChargingRateUnit', readonly: true, value: 'Current,Power' }] };
});
client.handle('GetVariables', ({ params }) => {
  record('GetVariables', params);
  return { getVariableResult: params.getVariableData.map((d) => ({
    attributeStatus: 'Accepted', attributeValue: 'A,W', component: d.component, variable: d.variable })) };
});
client.handle('SetChargingProfile', ({ params }) => {
  record('SetChargingProfile', params);
  const profile = params.csChargingProfiles || params.chargingProfile;
  if (profile.chargingProfilePurpose === 'TxDefaultProfile') results.txDefaultProfile = profile;
  if (profile.chargingProfilePurpose === 'TxProfile') { results.txProfile = profile; txProfileSeen(profile); }
  return { status: 'Accepted' };
});
client.on('badMessage', ({ error }) => results.errors.push('badMessage: ' + error.message));

(async () => {
  try {
    await client.connect();
    if (protocol === 'ocpp1.6') {
      results.boot = await client.call('BootNotification', { chargePointVendor: 'npm', chargePointModel: 'ocpp-rpc' });
      await client.call('Heartbeat', {});
      await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: now() });
      await client.call('Authorize', { idTag: 'bus-1' });
      const tx = await client.call('StartTransaction', { connectorId: 1, idTag: 'bus-1', meterStart: 1000, timestamp: now() });
      results.transactionId = String(tx.transactionId);
      await client.call('MeterValues', { connectorId: 1, transactionId: tx.transactionId, meterValue: [{ timestamp: now(),
        sampledValue: [{ value: '1500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
                       { value: '7200', measurand: 'Power.Active.Import', unit: 'W' },
                       { value: '42', measurand: 'SoC', unit: 'Percent', location: 'EV' }] }] });
      await txProfile;
      await client.call('StopTransaction', { transactionId: tx.transactionId, meterStop: 2000, timestamp: now(), reason: 'EVDisconnected' });
    } else {
      results.boot = await client.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'ocpp-rpc', vendorName: 'npm' } });
      await client.call('Heartbeat', {});
      await client.call('StatusNotification', { timestamp: now(), connectorStatus: 'Occupied', evseId: 1, connectorId: 1 });
      await client.call('Authorize', { idToken: { idToken: 'bus-1', type: 'Central' } });
      await client.call('NotifyEVChargingNeeds', { evseId: 1, chargingNeeds: { requestedEnergyTransfer: 'DC',
        dcChargingParameters: { evMaxCurrent: 200, evMaxVoltage: 800, stateOfCharge: 42 } } });
      const id = 'tx-' + Date.now();
      results.transactionId = id;
      const mv = (wh) => [{ timestamp: now(), sampledValue: [
        { value: wh, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
        { value: 42, measurand: 'SoC', unitOfMeasure: { unit: 'Percent' } }] }];
      await client.call('TransactionEvent', { eventType: 'Started', timestamp: now(), triggerReason: 'CablePluggedIn',
        seqNo: 0, transactionInfo: { transactionId: id, chargingState: 'EVConnected' }, evse: { id: 1, connectorId: 1 },
        idToken: { idToken: 'bus-1', type: 'Central' }, meterValue: mv(1000) });
      await client.call('TransactionEvent', { eventType: 'Updated', timestamp: now(), triggerReason: 'MeterValuePeriodic',
        seqNo: 1, transactionInfo: { transactionId: id, chargingState: 'Charging' }, meterValue: mv(1500) });
      await txProfile;
      await client.call('TransactionEvent', { eventType: 'Ended', timestamp: now(), triggerReason: 'EVDeparted',
        seqNo: 2, transactionInfo: { transactionId: id, stoppedReason: 'EVDisconnected' }, meterValue: mv(2000) });
    }
    finish(results.errors.length ? 1 : 0);
  } catch (e) {
    finish(1, e && (e.rpcErrorCode ? e.rpcErrorCode + ': ' + e.message : e.stack || e));
  }
})();
