// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';

base class TableState extends SchemaRef {
  TableState(super.handle);

  String get status => view.getString('status') ?? '';
  String get mode => view.getString('mode') ?? '';
  bool get ranked => view.getBool('ranked');
  String get botLevel => view.getString('botLevel') ?? '';
  String get matchId => view.getString('matchId') ?? '';
  double get hostSeat => view['hostSeat'];
  ArraySchema<double> get activeSeats => primitiveArrayOf('activeSeats');
  double get deadline => view['deadline'];
  double get turnTimeoutS => view['turnTimeoutS'];
  double get seq => view['seq'];
  double get spectators => view['spectators'];
  String get endReason => view.getString('endReason') ?? '';
  double get winnerTeam => view['winnerTeam'];
  double get pausedBy => view['pausedBy'];
  String get pauseReason => view.getString('pauseReason') ?? '';
  double get pausedAt => view['pausedAt'];
  String get seedCommitment => view.getString('seedCommitment') ?? '';
  String get rngAlgorithm => view.getString('rngAlgorithm') ?? '';
}
