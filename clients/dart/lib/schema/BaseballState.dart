// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';
import 'BaseballSeat.dart';
import 'BaseballTeam.dart';
import 'TableState.dart';

final class BaseballState extends TableState {
  BaseballState(super.handle);

  ArraySchema<BaseballSeat> get seats => arrayOf('seats', BaseballSeat.new);
  String get phase => view.getString('phase') ?? '';
  double get inning => view['inning'];
  double get half => view['half'];
  double get outs => view['outs'];
  ArraySchema<double> get scores => primitiveArrayOf('scores');
  ArraySchema<double> get hits => primitiveArrayOf('hits');
  ArraySchema<double> get errors => primitiveArrayOf('errors');
  ArraySchema<String> get bases => primitiveArrayOf('bases');
  String get batter => view.getString('batter') ?? '';
  String get pitcher => view.getString('pitcher') ?? '';
  String get diceNeeded => view.getString('diceNeeded') ?? '';
  String get revealed => view.getString('revealed') ?? '';
  double get batterColumnMax => view['batterColumnMax'];
  ArraySchema<BaseballTeam> get teams => arrayOf('teams', BaseballTeam.new);
}
